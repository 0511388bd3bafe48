"""Leader Desk's Qt-free application core: domain rules, validation and the one write API."""

__version__ = "0.1.0"
