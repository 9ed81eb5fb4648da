// The text of sample/ATTRIBUTION.md: licence, citation, provenance and the exact derivation,
// with the counts and checksums of the files makeSample produced.

export interface SampleFileInfo {
  file: string;
  from: string;
  rows: number;
  columns: number;
  gzBytes: number;
  /** sha256 of the uncompressed CSV. */
  sha256: string;
}

export function renderAttribution(files: SampleFileInfo[], firstDate: string, lastDate: string): string {
  const table = files
    .map((f) => `| \`${f.file}\` | \`${f.from}\` | ${f.rows.toLocaleString("en-US")} | ${f.columns} | ${f.gzBytes.toLocaleString("en-US")} | \`${f.sha256}\` |`)
    .join("\n");
  return `# Sample data: attribution and derivation

The files in this folder are a small sample of the **COVID-19 Data Repository by the Center for
Systems Science and Engineering (CSSE) at Johns Hopkins University**
(https://github.com/CSSEGISandData/COVID-19), used by covid-mesh's offline demo and tests.

- **Licence:** Creative Commons Attribution 4.0 International (CC BY 4.0), Johns Hopkins
  University on behalf of its Center for Systems Science in Engineering. Copyright Johns Hopkins
  University 2020. https://creativecommons.org/licenses/by/4.0/
- **Attribution:** "COVID-19 Data Repository by the Center for Systems Science and Engineering
  (CSSE) at Johns Hopkins University" (https://github.com/CSSEGISandData/COVID-19).
- **Citation:** Dong E, Du H, Gardner L. Lancet Inf Dis. 20(5):533-534 (2020).
- **Changes were made** to the two time-series files (date columns removed, see below); the
  lookup table is unchanged.

## Provenance

- \`time_series_covid19_confirmed_US.csv\` and \`time_series_covid19_deaths_US.csv\`
  (\`csse_covid_19_data/csse_covid_19_time_series/\`), the versions published 2020-12-31 (dates
  1/22/20 … 12/30/20), copied from the git history of \`DataHerb/dataset-covid-19\` (an
  automated mirror of that folder), commit \`61d7bb9a1f56a1a55ecf43f53681447fc03d94d6\`.
- \`UID_ISO_FIPS_LookUp_Table.csv\` (\`csse_covid_19_data/\`), copied from \`datasets/covid-19\`,
  path \`data/reference.csv\`, commit \`daefa2fe355b1900e0f3b2e206512d54432cab92\` (a verbatim
  download of the JHU table, last refreshed 2022-04-08), renamed back to the JHU file name.

## How the sample was derived

Produced by \`bun tools/sample/makeSample.ts\` (re-runnable; identical output) from the
gzipped originals in \`/work/shared/data/jhu_csse/\`:

1. \`jhu_confirmed_US_sample.csv.gz\` and \`jhu_deaths_US_sample.csv.gz\`: **every row** of the
   original file (the header and all ${files[0]?.rows.toLocaleString("en-US")} county / territory / "Unassigned" / "Out of" rows, in
   the original order). In each line, all non-date columns (\`UID\` … \`Combined_Key\`, and
   \`Population\` in the deaths file) are kept **byte for byte**, quoting included; of the daily
   cumulative date columns only **${firstDate} … ${lastDate}** are kept (the earlier date columns
   1/22/20 … 9/30/20 are dropped). Values are not changed. Lines end with \`\\n\`. The result is
   compressed with gzip level 9.
2. \`UID_ISO_FIPS_LookUp_Table.csv.gz\`: copied unchanged (the same gzip bytes).

Note: because the sample starts on ${firstDate}, the first day's daily "new" count is unknown to
the pipeline (it is stored as NULL), not the cumulative total.

| File | From | Rows (excl. header) | Columns | Bytes (gzip) | sha256 (uncompressed) |
|---|---|---|---|---|---|
${table}
`;
}
