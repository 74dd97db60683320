"""Speed and scale measurements (``make bench``): synthetic data, a plain reference, a runner."""
