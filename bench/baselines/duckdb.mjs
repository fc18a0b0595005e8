// Baseline: DuckDB reads the same CSV (read_csv, types sniffed) and computes the bench rubric's
// aggregation per rep and quarter — revenue, deals won, deals closed and distinct won customers by
// close date; visits and average CSAT by activity date — with every core it finds.
//   node bench/baselines/duckdb.mjs <file.csv>
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const src = `read_csv('${file.replaceAll("'", "''")}', header = true)`;
const deals = await con.runAndReadAll(`
  SELECT "Owner" AS rep, date_trunc('quarter', "Close Date") AS q,
         sum("Amount") FILTER (WHERE "Stage" = 'Won') AS revenue,
         count(*) FILTER (WHERE "Stage" = 'Won') AS won,
         count(*) FILTER (WHERE "Stage" IN ('Won', 'Lost')) AS closed,
         count(DISTINCT "Account") FILTER (WHERE "Stage" = 'Won') AS new_customers
  FROM ${src} WHERE "Close Date" IS NOT NULL GROUP BY ALL`);
const acts = await con.runAndReadAll(`
  SELECT "Owner" AS rep, date_trunc('quarter', "Date") AS q,
         count(*) FILTER (WHERE "Activity Type" = 'Visit') AS visits, avg("CSAT") AS csat
  FROM ${src} GROUP BY ALL`);
process.stdout.write(`${deals.getRows().length} rep-quarters with deals, ${acts.getRows().length} with activities\n`);
