"""Law as code: pure Python and numpy, no Django, ``as_of`` always passed in."""
