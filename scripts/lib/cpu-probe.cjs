// Preloaded by `npm run bench` into every Node process of a smoke run (NODE_OPTIONS=--require):
// appends one JSON line per process to $ENGRAM_CPU_PROBE at exit, with its CPU seconds; a
// Playwright worker also records its CPU and age when it starts its first test (its start cost)
// and how its TypeScript/ESM hooks were installed (module.registerHooks, in-thread, or
// module.register, a loader thread). Measurement only: nothing reads it during a run.
'use strict';
const fs = require('node:fs');
const nodeModule = require('node:module');

const out = process.env.ENGRAM_CPU_PROBE;
if (out) {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const script = process.argv[1] ?? '';
  const isWorker = /workerProcessEntry\.js$/.test(script);
  const record = { pid: process.pid, node: process.version, script, worker: isWorker };
  if (isWorker) {
    record.hooks = [];
    for (const name of ['registerHooks', 'register']) {
      const original = nodeModule[name];
      if (typeof original !== 'function') continue;
      nodeModule[name] = function (...args) {
        record.hooks.push(name);
        return original.apply(this, args);
      };
    }
    const send = process.send.bind(process);
    process.send = (message, ...rest) => {
      if (record.first_test_cpu_s === undefined && message?.params?.method === 'testBegin') {
        record.first_test_cpu_s = cpu();
        record.first_test_age_s = process.uptime();
        record.first_test_hrtime_us = Number(process.hrtime.bigint() / 1000n); // the clock of --cpu-prof
        record.compile_cache = nodeModule.getCompileCacheDir?.() ?? null;
      }
      return send(message, ...rest);
    };
  }
  process.on('exit', () => {
    record.cpu_s = cpu();
    // Children it waited for (a worker: the browser it launched). Linux only.
    try {
      const stat = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
      record.children_cpu_s = (Number(stat[13]) + Number(stat[14])) / 100;
    } catch {
      // not Linux
    }
    record.age_s = process.uptime();
    try {
      fs.appendFileSync(out, `${JSON.stringify(record)}\n`);
    } catch {
      // measurement only
    }
  });
}
