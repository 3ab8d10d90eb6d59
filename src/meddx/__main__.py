"""``python -m meddx`` (also what ``torchrun -m meddx train ...`` runs on each process)."""

from meddx.cli import main

if __name__ == "__main__":
    main()
