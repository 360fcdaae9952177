"""Hand-written Markdown ADRs (adr-tools/Nygard, MADR 2, 3 and 4, log4brains, Docusaurus) read
as records, published beside the YAML decisions (`markdown_dirs`) or converted once
(`tradeoffs import`).

One module per job:

- finding: which files of a folder are records, and why each other file is not one
  (templates, index pages), with `names` for what a file's name says;
- parsing: one file into a `MarkdownADR` (`record`), with `text`, `titles`, `metadata`
  (status, date, people), `relations`, and the tables of words teams write in several
  languages: `status`, `dates`, `sections`;
- numbering: numbers for records whose name has none, and clashes;
- loading: a folder's records read, numbered and cross-linked (`load_dirs`);
- converting: a record as the `Decision` the site publishes; `decision_data`,
  `section_mapping` and `chosen_option`: a record as the data of a decision file (import);
- lists and links: Markdown that Python-Markdown reads as CommonMark meant it, and
  reference-style link definitions.

Importing this package imports none of them (markdown-it is slow to import).
"""
