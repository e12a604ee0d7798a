"""``python -m coigraph``: the ``coigraph`` command, for when its script is not on the PATH."""

from coigraph.cli import main

if __name__ == "__main__":
    main(prog_name="coigraph")
