"""Click command groups, one module per concept; registered in rfpgen/cli.py."""
