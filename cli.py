"""Run rfpgen from a checkout without installing it: `python cli.py build examples/ja-ec-order-center.yaml`."""
from rfpgen.cli import main

if __name__ == "__main__":
    main()
