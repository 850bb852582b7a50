"""The table contracts, and nothing else of the project: importing them changes no global state.

- base.py: the shared base model, the `Contract` slots and field helpers.
- tables.py: one Pandera model per published table (the whole description of the data).
- contract.py: the declarations read back as plain values (columns, keys, Arrow schema).
- checks.py: `check_all`, every blocking and warning check over every table.
"""
