"""Pipeline stages, one module each; see :mod:`eventwire.registry` for the table that names them."""
