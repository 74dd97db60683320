"""Demo data: Demo Kommune (code 999) and `hjemvej demo`, the one room importing every other."""
