// `npm run report:history`: reports/history.html from reports/history.jsonl (one line per smoke run).
import fs from 'node:fs';
import { parseHistory } from '../helpers/report/history.js';
import { paths } from '../helpers/run/paths.js';
import { historyHtml } from './lib/history-html.js';

const runs = fs.existsSync(paths.history) ? parseHistory(fs.readFileSync(paths.history, 'utf8')) : [];
fs.mkdirSync(paths.reports, { recursive: true });
fs.writeFileSync(paths.historyHtml, historyHtml(runs));
console.log(`report:history: ${runs.length} runs in ${paths.history} -> ${paths.historyHtml}`);
