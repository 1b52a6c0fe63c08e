"""AWS's Price List Query API, read as data: the items GetProducts returns, parsed into exact
prices, and the tables of the snapshot's format that a refresh builds from them. No boto3 here:
core/aws/pricelist.py asks, this package reads."""
