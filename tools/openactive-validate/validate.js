#!/usr/bin/env node
/*
 * Validates an OpenActive dataset (the Activity FHIR demo feeds) with OpenActive's own tools, offline:
 *
 *   node validate.js <dataset-site-url>      e.g. http://127.0.0.1:8080/demo/
 *
 * 1. Reads the dataset site's embedded JSON-LD Dataset and takes each distribution's contentUrl as a feed.
 * 2. Walks each feed with @openactive/rpde-validator (every page, then its last-page checks).
 * 3. Walks each feed again and validates every "updated" item's data with @openactive/data-model-validator.
 *    The validator fetches remote JSON (the activity list, JSON-LD contexts) through axios and caches it in
 *    files named sha256(url).json under `remoteJsonCachePath`; this script pre-populates that cache from the
 *    bundled OpenActive lists and makes axios fail fast, so nothing leaves the machine. Any URL the validator
 *    still asked for is reported as an offline miss and fails the run.
 * 4. Prints counts per feed and severity; exits 1 on any failure (warnings, notices and suggestions are
 *    counted but allowed), 2 on a usage or connection problem.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
// The axios instance the data-model-validator itself loads (resolved from its own directory).
// eslint-disable-next-line import/no-dynamic-require
const axios = require(require.resolve('axios', { paths: [path.dirname(require.resolve('@openactive/data-model-validator'))] }));
const { RpdeValidator } = require('@openactive/rpde-validator');
const { validate } = require('@openactive/data-model-validator');

const RESOURCES = path.join(__dirname, '..', '..', 'mapping', 'src', 'main', 'resources', 'dev',
  'activityfhir', 'mapping');

/** Remote documents the data-model-validator may ask for, and the bundled file that answers each. */
const SEEDED = {
  'https://openactive.io/activity-list': 'activity-list.jsonld',
  'https://openactive.io/activity-list/activity-list.jsonld': 'activity-list.jsonld',
  'https://openactive.io/accessibility-support': 'accessibility-support.jsonld',
  'https://openactive.io/accessibility-support/accessibility-support.jsonld': 'accessibility-support.jsonld',
};

const offlineMisses = new Set();

function seedCache() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openactive-validate-'));
  for (const [url, file] of Object.entries(SEEDED)) {
    const data = JSON.parse(fs.readFileSync(path.join(RESOURCES, file), 'utf8'));
    // Same shape as the validator's own cache entries (src/helpers/json-loader.js, createSuccess).
    const entry = {
      errorCode: 'error_none',
      data,
      statusCode: 200,
      url,
      exception: null,
      contentType: 'application/ld+json',
      fetchTime: Date.now(),
    };
    const key = crypto.createHash('sha256').update(url).digest('hex');
    fs.writeFileSync(path.join(dir, `${key}.json`), JSON.stringify(entry));
  }
  return dir;
}

function blockRemoteJson() {
  // The data-model-validator's only network path is axios.get (json-loader.js); refuse it, remember the URL.
  axios.get = async (url) => {
    offlineMisses.add(url);
    throw new Error(`offline: ${url} is not in the seeded cache`);
  };
}

async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (response.status !== 200) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
}

async function discoverFeeds(siteUrl) {
  const response = await fetch(siteUrl);
  if (response.status !== 200) {
    throw new Error(`dataset site ${siteUrl} answered ${response.status}`);
  }
  const html = await response.text();
  const match = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
  if (!match) {
    throw new Error(`no JSON-LD in ${siteUrl}`);
  }
  const dataset = JSON.parse(match[1]);
  return (dataset.distribution || []).map((d) => ({ name: d.name, url: d.contentUrl }));
}

function emptyCounts() {
  return { failure: 0, warning: 0, notice: 0, suggestion: 0 };
}

function remember(examples, feed, source, error) {
  const key = `${feed}|${source}|${error.severity}|${error.type}|${String(error.path).replace(/\[\d+\]/g, '[]')}`;
  if (!examples.has(key)) {
    examples.set(key, { count: 0, message: String(error.message).split('\n')[0].slice(0, 200) });
  }
  examples.get(key).count += 1;
}

async function rpdeCheck(feed, examples) {
  const counts = emptyCounts();
  const log = await RpdeValidator(feed.url, { pageLimit: 100000, timeoutMs: 60000 });
  for (const page of log.pages) {
    for (const error of page.errors) {
      counts[error.severity] = (counts[error.severity] || 0) + 1;
      remember(examples, feed.name, 'rpde', {
        severity: error.severity, type: error.type, message: error.message, path: page.url.replace(/\?.*/, ''),
      });
    }
  }
  return { pages: log.pages.length, counts };
}

async function dataCheck(feed, cacheDir, examples) {
  const counts = emptyCounts();
  const options = {
    loadRemoteJson: true,
    remoteJsonCachePath: cacheDir,
    remoteJsonCacheTimeToLive: 365 * 24 * 3600,
  };
  let url = feed.url;
  let items = 0;
  let deleted = 0;
  for (let pages = 0; pages < 100000; pages += 1) {
    const page = await fetchJson(url);
    for (const item of page.items) {
      if (item.state === 'deleted') {
        deleted += 1;
        continue;
      }
      items += 1;
      const errors = await validate(item.data, options);
      for (const error of errors) {
        counts[error.severity] = (counts[error.severity] || 0) + 1;
        remember(examples, feed.name, 'data', error);
      }
    }
    if (page.items.length === 0 && page.next === url) {
      break;
    }
    url = page.next;
  }
  return { items, deleted, counts };
}

async function main() {
  const siteUrl = process.argv[2];
  if (!siteUrl) {
    console.error('usage: node validate.js <dataset-site-url>   (e.g. http://127.0.0.1:8080/demo/)');
    process.exit(2);
  }
  const cacheDir = seedCache();
  blockRemoteJson();
  const feeds = await discoverFeeds(siteUrl);
  if (feeds.length === 0) {
    throw new Error(`the dataset site ${siteUrl} lists no feeds`);
  }
  const examples = new Map();
  const total = { rpde: emptyCounts(), data: emptyCounts(), items: 0, deleted: 0, pages: 0 };
  for (const feed of feeds) {
    const rpde = await rpdeCheck(feed, examples);
    const data = await dataCheck(feed, cacheDir, examples);
    console.log(`${feed.name.padEnd(17)} ${feed.url}\n`
      + `  rpde-validator:       ${rpde.pages} pages; ${JSON.stringify(rpde.counts)}\n`
      + `  data-model-validator: ${data.items} items (+${data.deleted} deleted); ${JSON.stringify(data.counts)}`);
    for (const severity of Object.keys(total.rpde)) {
      total.rpde[severity] += rpde.counts[severity] || 0;
      total.data[severity] += data.counts[severity] || 0;
    }
    total.items += data.items;
    total.deleted += data.deleted;
    total.pages += rpde.pages;
  }
  if (examples.size > 0) {
    console.log('\nFindings (feed | validator | severity | type | path: count, first message):');
    for (const [key, { count, message }] of examples) {
      console.log(`  ${key}: ${count}, ${message}`);
    }
  }
  const failures = total.rpde.failure + total.data.failure;
  console.log(`\nTOTAL feeds=${feeds.length} pages=${total.pages} items=${total.items} deleted=${total.deleted}`
    + ` rpde=${JSON.stringify(total.rpde)} data=${JSON.stringify(total.data)}`
    + ` offlineMisses=${offlineMisses.size}`);
  for (const url of offlineMisses) {
    console.log(`  offline miss: ${url}`);
  }
  fs.rmSync(cacheDir, { recursive: true, force: true });
  if (failures > 0 || offlineMisses.size > 0) {
    console.log('RESULT: FAIL');
    process.exit(1);
  }
  console.log('RESULT: PASS (zero failures)');
}

main().catch((e) => {
  console.error(`validate.js: ${e.stack || e}`);
  process.exit(2);
});
