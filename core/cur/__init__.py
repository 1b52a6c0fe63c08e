"""The weekly digest from a CUR 2.0 export (AWS Data Exports): SQL that both engines run, and the
pure steps from its aggregates to observed workloads at what the account really pays.

The engines themselves (DuckDB over Parquet files, Amazon Athena) live in the shell and in
`core.aws`; everything here takes their rows as plain values."""
