/* protokoll: full-text search of the archive, with no server and no dependencies.
 *
 * The index (written by src/render/search.rs) is a set of small scripts under search/,
 * each calling one of the registration functions below with a JSON payload. They are
 * loaded on demand with <script src>, which, unlike fetch, works when the site is opened
 * from file:// as well as from any web server, under any sub-path:
 *
 *   search/meta.js      settings, the first key of every term shard, bodies and years
 *   search/terms/N.js   keys → [document frequency, packed postings]
 *   search/docs/N.js    what a result shows, for documents N*chunk ..
 *
 * A query is analysed exactly as the index was: words (letters and digits) → lower case
 * → stop words and one-letter words dropped → Snowball stem (Swedish or English: ports of
 * the rust-stemmers algorithms below) → diacritics folded. Every word must match (AND);
 * a word also matches longer words that start with it (Swedish compounds: "bibliotek"
 * finds "biblioteksplanen"), at half weight. Words naming a body ("kommunstyrelsen") or a
 * year ("2020") also match everything of that body or year. Words so common that the
 * index keeps only their best postings rank results but do not filter them.
 * Results are ranked by BM25 (weights quantised in the index, idf computed here).
 *
 * The page (themes/default/templates/search.html) provides #search (with data-* strings),
 * a form with the input #q, a status element #search-status (aria-live="polite"), the
 * list #results and the button #search-more. The query is kept in the URL (?q=…).
 */
(function (root) {
  'use strict';

  var S = root.__protokollSearch || (root.__protokollSearch = {});
  var FORMAT = 1;
  var DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
  var VALUE = new Int8Array(128);
  for (var di = 0; di < DIGITS.length; di++) VALUE[DIGITS.charCodeAt(di)] = di;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var MAX_WORD_CHARS = 40;
  var MAX_QUERY_WORDS = 10;
  var MIN_PREFIX = 4;
  var MAX_EXPANSIONS = 40;
  var PREFIX_FACTOR = 0.5;
  var PAGE = 10;

  // ------------------------------------------------------------------------------------
  // Stemmers: ports of the Snowball algorithms as rust-stemmers 1.2 implements them.
  // They work on strings of BMP characters; characters outside it (never letters of a
  // Swedish or English word) are swapped for a placeholder and put back.

  function withBmp(stem) {
    return function (word) {
      if (!/[\uD800-\uDFFF]/.test(word)) return stem(word);
      var astral = [];
      var bmp = Array.from(word).map(function (c) {
        if (c.length > 1) { astral.push(c); return '\uFFFF'; }
        return c;
      }).join('');
      var i = 0;
      return stem(bmp).replace(/\uFFFF/g, function () { return astral[i++]; });
    };
  }

  function ends(w, s) {
    return w.length >= s.length && w.slice(w.length - s.length) === s;
  }

  // Swedish.
  var SV_V = 'aeiouyäåö';
  var SV_S_ENDING = 'bcdfghjklmnoprtvy';
  var SV_MAIN = ['heterna', 'hetens', 'anden', 'heten', 'heter', 'arnas', 'ernas', 'ornas', 'andes', 'arens',
    'andet', 'arna', 'erna', 'orna', 'ande', 'arne', 'aste', 'aren', 'ades', 'erns', 'ade', 'are', 'ern', 'ens',
    'het', 'ast', 'ad', 'en', 'ar', 'er', 'or', 'as', 'es', 'at', 'a', 'e', 's'];
  var SV_PAIRS = ['dd', 'gd', 'nn', 'dt', 'gt', 'kt', 'tt'];
  var SV_OTHER = ['fullt', 'löst', 'lig', 'els', 'ig'];

  function svVowel(c) { return c !== '' && SV_V.indexOf(c) >= 0; }

  /** The longest of `list` (longest first) that ends `w` and starts at or after `p1`. */
  function suffixIn(w, list, p1) {
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if (ends(w, s) && w.length - s.length >= p1) return s;
    }
    return null;
  }

  function stemSv(w) {
    var p1 = w.length;
    if (w.length >= 3) {
      var i = 0;
      while (i < w.length && !svVowel(w.charAt(i))) i++;
      while (i < w.length && svVowel(w.charAt(i))) i++;
      if (i < w.length) p1 = Math.max(i + 1, 3);
    }
    var s = suffixIn(w, SV_MAIN, p1);
    if (s === 's') {
      if (w.length >= 2 && SV_S_ENDING.indexOf(w.charAt(w.length - 2)) >= 0) w = w.slice(0, -1);
    } else if (s) {
      w = w.slice(0, w.length - s.length);
    }
    if (suffixIn(w, SV_PAIRS, p1)) w = w.slice(0, -1);
    s = suffixIn(w, SV_OTHER, p1);
    if (s === 'löst') w = w.slice(0, -1);
    else if (s === 'fullt') w = w.slice(0, -1);
    else if (s) w = w.slice(0, w.length - s.length);
    return w;
  }

  /** protokoll's addition (see strip_definite_et in src/render/search.rs): the definite
   *  neuter "-et" after a consonant in R1 goes ("biblioteket" → "bibliotek"). */
  function stripEt(w) {
    var i = 0;
    while (i < w.length && !svVowel(w.charAt(i))) i++;
    while (i < w.length && svVowel(w.charAt(i))) i++;
    if (i >= w.length) return w;
    var p1 = Math.max(i + 1, 3);
    if (ends(w, 'et') && w.length >= p1 + 2 && !svVowel(w.charAt(w.length - 3))) return w.slice(0, -2);
    return w;
  }

  function stemSvEt(w) { return stripEt(stemSv(w)); }

  // English (Porter2).
  var EN_EXCEPTIONS = {
    skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl',
    ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky', news: 'news', howe: 'howe',
    atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes'
  };
  var EN_INVARIANT = ['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed'];
  var EN_STEP2 = [['ization', 'ize'], ['ational', 'ate'], ['fulness', 'ful'], ['ousness', 'ous'],
    ['iveness', 'ive'], ['tional', 'tion'], ['biliti', 'ble'], ['lessli', 'less'], ['entli', 'ent'],
    ['ation', 'ate'], ['alism', 'al'], ['aliti', 'al'], ['ousli', 'ous'], ['iviti', 'ive'], ['fulli', 'ful'],
    ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'], ['izer', 'ize'], ['ator', 'ate'], ['alli', 'al'],
    ['bli', 'ble'], ['ogi', 'og'], ['li', '']];
  var EN_STEP3 = [['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'],
    ['ative', ''], ['ical', 'ic'], ['ness', ''], ['ful', '']];
  var EN_STEP4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous',
    'ive', 'ize', 'ion', 'al', 'er', 'ic'];

  function enVowel(c) { return c !== '' && 'aeiouy'.indexOf(c) >= 0; }
  function enVowelWXY(c) { return c !== '' && 'aeiouywxY'.indexOf(c) >= 0; }
  function hasVowel(s) { for (var i = 0; i < s.length; i++) if (enVowel(s.charAt(i))) return true; return false; }

  /** After the first vowel at or after `from`, the position after the next non-vowel. */
  function pastVowelConsonant(w, from) {
    var i = from;
    while (i < w.length && !enVowel(w.charAt(i))) i++;
    while (i < w.length && enVowel(w.charAt(i))) i++;
    return i < w.length ? i + 1 : w.length;
  }

  /** A short syllable ends at `end`. */
  function shortv(w, end) {
    var last = w.charAt(end - 1);
    var prev = w.charAt(end - 2);
    if (end >= 3 && !enVowelWXY(last) && enVowel(prev) && !enVowel(w.charAt(end - 3))) return true;
    return end === 2 && !enVowel(last) && enVowel(prev);
  }

  function longest(w, list) {
    for (var i = 0; i < list.length; i++) {
      var s = typeof list[i] === 'string' ? list[i] : list[i][0];
      if (ends(w, s)) return list[i];
    }
    return null;
  }

  function stemEn(w) {
    if (Object.prototype.hasOwnProperty.call(EN_EXCEPTIONS, w)) return EN_EXCEPTIONS[w];
    if (w.length < 3) return w;
    if (w.charAt(0) === '\'') w = w.slice(1);
    var yFound = false;
    if (w.charAt(0) === 'y') { w = 'Y' + w.slice(1); yFound = true; }
    for (var i = 1; i < w.length; i++) {
      if (w.charAt(i) === 'y' && enVowel(w.charAt(i - 1))) { w = w.slice(0, i) + 'Y' + w.slice(i + 1); yFound = true; }
    }
    var m = /^(gener|commun|arsen)/.exec(w);
    var p1 = m ? m[0].length : pastVowelConsonant(w, 0);
    var p2 = pastVowelConsonant(w, p1);

    // Step 1a.
    if (ends(w, 'sses')) w = w.slice(0, -2);
    else if (ends(w, 'ied') || ends(w, 'ies')) w = w.slice(0, -3) + (w.length - 3 >= 2 ? 'i' : 'ie');
    else if (ends(w, 'us') || ends(w, 'ss')) { /* unchanged */ }
    else if (ends(w, 's') && hasVowel(w.slice(0, w.length - 2))) w = w.slice(0, -1);

    if (EN_INVARIANT.indexOf(w) < 0) {
      // Step 1b.
      var s = longest(w, ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed']);
      if (s === 'eedly' || s === 'eed') {
        if (w.length - s.length >= p1) w = w.slice(0, w.length - s.length) + 'ee';
      } else if (s && hasVowel(w.slice(0, w.length - s.length))) {
        w = w.slice(0, w.length - s.length);
        if (ends(w, 'at') || ends(w, 'bl') || ends(w, 'iz')) w += 'e';
        else if (longest(w, ['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt'])) w = w.slice(0, -1);
        else if (w.length === p1 && shortv(w, w.length)) w += 'e';
      }
      // Step 1c.
      var last = w.charAt(w.length - 1);
      if ((last === 'y' || last === 'Y') && w.length > 2 && !enVowel(w.charAt(w.length - 2))) {
        w = w.slice(0, -1) + 'i';
      }
      // Step 2.
      var r = longest(w, EN_STEP2);
      if (r && w.length - r[0].length >= p1) {
        var stem = w.slice(0, w.length - r[0].length);
        var before = stem.charAt(stem.length - 1);
        if (r[0] === 'ogi') { if (before === 'l') w = stem + 'og'; }
        else if (r[0] === 'li') { if (before !== '' && 'cdeghkmnrt'.indexOf(before) >= 0) w = stem; }
        else w = stem + r[1];
      }
      // Step 3.
      r = longest(w, EN_STEP3);
      if (r && w.length - r[0].length >= p1) {
        if (r[0] === 'ative') { if (w.length - 5 >= p2) w = w.slice(0, -5); }
        else w = w.slice(0, w.length - r[0].length) + r[1];
      }
      // Step 4.
      s = longest(w, EN_STEP4);
      if (s && w.length - s.length >= p2) {
        if (s !== 'ion') w = w.slice(0, w.length - s.length);
        else if (ends(w, 'sion') || ends(w, 'tion')) w = w.slice(0, -3);
      }
      // Step 5.
      if (ends(w, 'e')) {
        var at = w.length - 1;
        if (at >= p2 || (at >= p1 && !shortv(w, at))) w = w.slice(0, -1);
      } else if (ends(w, 'l')) {
        if (w.length - 1 >= p2 && w.charAt(w.length - 2) === 'l') w = w.slice(0, -1);
      }
    }
    return yFound ? w.replace(/Y/g, 'y') : w;
  }

  var STRIP = { 'ß': 'ss', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'œ': 'oe', 'ı': 'i', 'þ': 'th', 'æ': 'a', 'ø': 'o' };

  /** A letter without its diacritics (strip_char in search.rs). */
  function stripChar(c) {
    return Object.prototype.hasOwnProperty.call(STRIP, c) ? STRIP[c] : c.normalize('NFD').replace(/\p{M}/gu, '');
  }

  /** Before stemming: the diacritics the stemmer does not know go (prefold in search.rs). */
  function prefold(lower, swedish) {
    return lower.replace(/[^\u0000-\u007f]/gu, function (c) {
      if (swedish && (c === 'å' || c === 'ä' || c === 'ö')) return c;
      if (swedish && c === 'æ') return 'ä';
      if (swedish && c === 'ø') return 'ö';
      if (c === 'æ') return 'ae';
      return stripChar(c);
    });
  }

  /** After stemming: every diacritic goes (fold in search.rs). */
  function fold(s) {
    return s.replace(/[^\u0000-\u007f]/gu, stripChar);
  }

  /** The key function of a language: a word → its key, or null (stop word, too short or long). */
  function analyzer(lang, stop) {
    var stem = withBmp(lang === 'en' ? stemEn : stemSvEt);
    var stopSet = new Set(stop);
    var cache = new Map();
    return function key(word) {
      if (cache.has(word)) return cache.get(word);
      var lower = word.toLowerCase();
      var n = Array.from(lower).length;
      var k = null;
      if (n >= 2 && n <= MAX_WORD_CHARS) {
        var plain = prefold(lower, lang !== 'en');
        if (!stopSet.has(plain)) k = fold(stem(plain));
      }
      if (cache.size > 5000) cache.clear();
      cache.set(word, k);
      return k;
    };
  }

  /** The distinct keys of a text, in order. */
  function keysOf(text, key) {
    var out = [];
    (String(text).normalize('NFC').match(WORD) || []).forEach(function (w) {
      var k = key(w);
      if (k !== null && out.indexOf(k) < 0) out.push(k);
    });
    return out;
  }

  S.stemSv = withBmp(stemSvEt);
  S.stemEn = withBmp(stemEn);
  S.fold = fold;
  S.analyzer = analyzer;
  S.keysOf = keysOf;

  // ------------------------------------------------------------------------------------
  // Loading the index

  S.data = { meta: null, shards: {}, docs: {} };
  S.meta = function (m) { S.data.meta = m; };
  S.shard = function (s) { S.data.shards[s.id] = s.t; };
  S.docs = function (d) { S.data.docs[d.id] = d; };
  /** Where the index is: the site root, as a URL prefix. */
  S.base = S.base || '';

  /** Loads a script (replaced in tests that run outside a browser). */
  S.load = S.load || function (url) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = url;
      s.async = true;
      s.addEventListener('load', function () { s.remove(); resolve(); });
      s.addEventListener('error', function () { s.remove(); reject(new Error('cannot load ' + url)); });
      document.head.appendChild(s);
    });
  };

  var loading = {};

  /** Forgets everything loaded (benches/search.sh measures each query as a first visit). */
  S.reset = function () {
    loading = {};
    S.data = { meta: null, shards: {}, docs: {} };
  };

  function loadOnce(path) {
    if (!loading[path]) {
      loading[path] = S.load(S.base + path).catch(function (e) { delete loading[path]; throw e; });
    }
    return loading[path];
  }

  function meta() {
    return loadOnce('search/meta.js').then(function () {
      var m = S.data.meta;
      if (!m || m.format !== FORMAT) throw new Error('search index: unknown format');
      if (!m.key) m.key = analyzer(m.lang, m.stop);
      return m;
    });
  }

  function shard(i) {
    return loadOnce('search/terms/' + i + '.js').then(function () {
      var t = S.data.shards[i];
      if (!t) throw new Error('search index: shard ' + i + ' missing');
      return t;
    });
  }

  function docs(i) {
    return loadOnce('search/docs/' + i + '.js').then(function () {
      var d = S.data.docs[i];
      if (!d) throw new Error('search index: documents ' + i + ' missing');
      return d;
    });
  }

  /** The shard whose range holds `key`: the last one whose first key is not after it. */
  function shardOf(m, key) {
    var lo = 0, hi = m.shards.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (m.shards[mid] <= key) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /** Shards to read for `key`: its own, and the next when longer keys starting with it go on there. */
  function shardsFor(m, key) {
    var first = shardOf(m, key);
    var list = [first];
    if (Array.from(key).length >= MIN_PREFIX) {
      for (var i = first + 1; i < m.shards.length && list.length < 2 && m.shards[i].indexOf(key) === 0; i++) list.push(i);
    }
    return list;
  }

  // ------------------------------------------------------------------------------------
  // Postings and ranking

  function decode(packed) {
    var ids = [], ws = [];
    var doc = 0, v = 0, mul = 1, weight = false;
    for (var i = 0; i < packed.length; i++) {
      var d = VALUE[packed.charCodeAt(i) & 127];
      if (weight) { ws.push(d); weight = false; continue; }
      v += (d & 31) * mul;
      if (d & 32) { mul *= 32; continue; }
      doc += v;
      ids.push(doc);
      v = 0;
      mul = 1;
      weight = true;
    }
    return { ids: ids, ws: ws };
  }

  function idf(m, df) {
    return Math.log(1 + (m.docs - df + 0.5) / (df + 0.5));
  }

  /** Adds a term's scores to `scores` (the best of several terms of one clause). */
  function addTerm(m, entry, factor, scores, cap) {
    var p = decode(entry[1]);
    var w = Math.min(idf(m, entry[0]), cap) * factor / m.levels;
    for (var i = 0; i < p.ids.length; i++) {
      var s = w * p.ws[i];
      var old = scores.get(p.ids[i]);
      if (old === undefined || s > old) scores.set(p.ids[i], s);
    }
    return p.ids.length < entry[0];
  }

  function inRanges(ranges, d) {
    for (var i = 0; i < ranges.length; i++) if (d >= ranges[i][0] && d < ranges[i][1]) return true;
    return false;
  }

  function rangeSize(ranges) {
    var n = 0;
    for (var i = 0; i < ranges.length; i++) n += ranges[i][1] - ranges[i][0];
    return n;
  }

  /** Groups query keys into clauses: bodies named, years, and single words. */
  function clausesOf(m, keys) {
    var used = {};
    var clauses = [];
    var bodies = m.bodies.map(function (b, i) { return { b: b, i: i }; })
      .sort(function (x, y) { return y.b.keys.length - x.b.keys.length; });
    bodies.forEach(function (x) {
      var b = x.b;
      var named = b.keys.length > 0 && b.keys.every(function (k) { return keys.indexOf(k) >= 0 && !used[k]; });
      var alias = b.alias.filter(function (k) { return keys.indexOf(k) >= 0 && !used[k]; });
      if (!named && alias.length === 0) return;
      var ks = named ? b.keys : alias;
      ks.forEach(function (k) { used[k] = true; });
      clauses.push({ keys: ks, ranges: [b.range, [b.doc, b.doc + 1]], prefix: false });
    });
    keys.forEach(function (k) {
      if (used[k]) return;
      var year = /^\d{4}$/.test(k) && m.years[k];
      clauses.push({ keys: [k], ranges: year || [], prefix: !year && Array.from(k).length >= MIN_PREFIX });
    });
    return clauses;
  }

  /**
   * Runs a query: resolves to { query, keys (to highlight), total, ids (ranked) }.
   */
  S.search = function (query) {
    return meta().then(function (m) {
      var keys = keysOf(query, m.key).slice(0, MAX_QUERY_WORDS);
      if (keys.length === 0) return { query: query, keys: [], total: 0, ids: [] };
      var clauses = clausesOf(m, keys);
      var need = {};
      clauses.forEach(function (c) {
        c.keys.forEach(function (k, j) {
          (c.prefix && j === 0 ? shardsFor(m, k) : [shardOf(m, k)]).forEach(function (i) { need[i] = true; });
        });
      });
      var ids = Object.keys(need).map(Number);
      return Promise.all(ids.map(shard)).then(function () {
        return rank(m, query, keys, clauses);
      });
    });
  };

  function rank(m, query, keys, clauses) {
    var found = keys.slice();
    clauses.forEach(function (c) {
      var maps = [];
      var truncated = false;
      var missing = false;
      c.keys.forEach(function (k) {
        var scores = new Map();
        var own = S.data.shards[shardOf(m, k)];
        var entry = own && Object.prototype.hasOwnProperty.call(own, k) ? own[k] : null;
        var cap = entry ? idf(m, entry[0]) : Infinity;
        if (entry) truncated = addTerm(m, entry, 1, scores, Infinity) || truncated;
        if (c.prefix) {
          var n = 0;
          shardsFor(m, k).forEach(function (i) {
            var t = S.data.shards[i] || {};
            Object.keys(t).forEach(function (x) {
              if (x !== k && x.indexOf(k) === 0 && n < MAX_EXPANSIONS) {
                n++;
                addTerm(m, t[x], PREFIX_FACTOR, scores, cap);
                found.push(x);
              }
            });
          });
        }
        if (!entry && scores.size === 0) missing = true;
        maps.push(scores);
      });
      // Several keys (a body's name): documents with all of them.
      var map = maps[0] || new Map();
      for (var j = 1; j < maps.length; j++) {
        var next = new Map();
        var other = maps[j];
        map.forEach(function (s, d) { if (other.has(d)) next.set(d, s + other.get(d)); });
        map = next;
      }
      c.scores = map;
      c.truncated = truncated && !missing;
      c.size = map.size + rangeSize(c.ranges);
    });

    // Clauses with ranges (a body, a year) filter, and so do words whose postings the index
    // keeps whole. Words so common that it keeps only their best postings rank results but
    // do not filter them, unless all words are such: then their best postings filter, and
    // the results are the best ones of more ("at least N"); when that leaves nothing, no
    // common word filters.
    var words = clauses.filter(function (c) { return c.ranges.length === 0; });
    var partial = words.length > 0 && words.every(function (c) { return c.truncated; });
    var candidates = select(clauses, partial);
    if (partial && candidates.length === 0) {
      partial = false;
      candidates = select(clauses, false);
    }
    var score = new Map();
    candidates.forEach(function (d) {
      var s = 0;
      clauses.forEach(function (c) { s += c.scores.get(d) || 0; });
      score.set(d, s);
    });
    candidates.sort(function (a, b) { return score.get(b) - score.get(a) || b - a; });
    return { query: query, keys: found, total: candidates.length, atLeast: partial, ids: candidates };
  }

  /** The documents every filtering clause matches (common words filter when `common`). */
  function select(clauses, common) {
    var filtering = clauses.filter(function (c) { return !c.truncated || c.ranges.length > 0 || common; });
    var out = [];
    if (filtering.length === 0) {
      var all = new Set();
      clauses.forEach(function (c) { c.scores.forEach(function (s, d) { all.add(d); }); });
      return Array.from(all);
    }
    var driver = filtering.reduce(function (a, b) { return b.size < a.size ? b : a; });
    var seen = new Set();
    function consider(d) {
      if (seen.has(d)) return;
      seen.add(d);
      for (var i = 0; i < filtering.length; i++) {
        var c = filtering[i];
        if (c !== driver && !c.scores.has(d) && !inRanges(c.ranges, d)) return;
      }
      out.push(d);
    }
    driver.ranges.forEach(function (r) { for (var d = r[0]; d < r[1]; d++) consider(d); });
    driver.scores.forEach(function (s, d) { consider(d); });
    return out;
  }

  function dateText(m, iso) {
    var p = String(iso).split('-');
    return Number(p[2]) + ' ' + (m.months[Number(p[1]) - 1] || '') + ' ' + p[0];
  }

  /**
   * What results `from` .. `from + count` of a search show: resolves to a list of
   * { kind, url (relative to the site root), title, label, body, date, dateText, snippet }.
   */
  S.results = function (result, from, count) {
    return meta().then(function (m) {
      var ids = result.ids.slice(from, from + count);
      var chunks = {};
      ids.forEach(function (d) { chunks[Math.floor(d / m.chunk)] = true; });
      return Promise.all(Object.keys(chunks).map(Number).map(docs)).then(function () {
        return ids.map(function (d) {
          var chunk = S.data.docs[Math.floor(d / m.chunk)];
          var r = chunk.d[d % m.chunk];
          if (!r) return null;
          if (r[0] === 0 || r[0] === 1) {
            var mt = chunk.m[r[1]];
            var body = m.bodies[mt[0]] || { name: '', slug: '' };
            var page = body.slug + '/' + mt[2] + '.html';
            var when = dateText(m, mt[1]);
            if (r[0] === 0) {
              return { kind: 'paragraph', url: page + '#' + r[3], label: '§ ' + r[2], title: r[4],
                body: body.name, date: mt[1], dateText: when, snippet: r[5] };
            }
            return { kind: 'protocol', url: page, label: '', title: body.name + ' ' + when,
              body: body.name, date: mt[1], dateText: when, snippet: r[2] };
          }
          var kinds = { 2: 'person', 3: 'organisation', 4: 'tag', 5: 'body' };
          return { kind: kinds[r[0]] || 'page', url: r[2], label: '', title: r[1], body: '', date: '',
            dateText: '', snippet: r[3] };
        }).filter(Boolean);
      });
    });
  };

  // ------------------------------------------------------------------------------------
  // The search page

  if (typeof document === 'undefined') return;

  var script = document.currentScript ||
    Array.prototype.filter.call(document.getElementsByTagName('script'), function (s) {
      return /assets\/search\.js(\?|#|$)/.test(s.src);
    })[0];
  if (script && script.src) S.base = script.src.replace(/assets\/search\.js([?#].*)?$/, '');

  function start() {
    var page = document.getElementById('search');
    var input = document.getElementById('q');
    var status = document.getElementById('search-status');
    var list = document.getElementById('results');
    var more = document.getElementById('search-more');
    var form = input && input.form;
    if (!page || !input || !status || !list) return;
    var text = page.dataset;
    var rootPath = text.root || '';
    var current = null;
    var shown = 0;
    var seq = 0;
    var timer = null;
    var title = document.title;

    var lang = document.documentElement.lang || undefined;

    /** A string of the page with {n}, {q} and {shown} filled in (as text: no `$` patterns). */
    function say(template, n, q, shown) {
      var values = { n: n.toLocaleString(lang), q: q, shown: (shown || 0).toLocaleString(lang) };
      return String(template || '').replace(/\{(n|q|shown)\}/g, function (all, name) { return values[name]; });
    }

    /** Appends `str` to `el` as text, the words that match the query in <mark>. */
    function highlight(el, str, keys, key) {
      var last = 0;
      str = String(str).normalize('NFC');
      str.replace(WORD, function (w, at) {
        var k = key(w);
        if (k !== null && keys.some(function (q) { return k === q; })) {
          if (at > last) el.appendChild(document.createTextNode(str.slice(last, at)));
          var mark = document.createElement('mark');
          mark.textContent = w;
          el.appendChild(mark);
          last = at + w.length;
        }
        return w;
      });
      if (last < str.length) el.appendChild(document.createTextNode(str.slice(last)));
    }

    function item(m, r, keys) {
      var li = document.createElement('li');
      li.className = 'search-result search-result-' + r.kind;
      var meta = document.createElement('p');
      meta.className = 'search-result-meta';
      if (r.kind === 'paragraph') {
        meta.appendChild(document.createTextNode(r.body + ' · '));
        var time = document.createElement('time');
        time.dateTime = r.date;
        time.textContent = r.dateText;
        meta.appendChild(time);
      } else {
        var kindKey = 'kind' + r.kind.charAt(0).toUpperCase() + r.kind.slice(1);
        meta.textContent = text[kindKey] || '';
      }
      var h = document.createElement('h2');
      h.className = 'search-result-title';
      var a = document.createElement('a');
      a.href = rootPath + r.url;
      if (r.label) {
        var num = document.createElement('span');
        num.className = 'search-result-num';
        num.textContent = r.label + ' ';
        a.appendChild(num);
      }
      highlight(a, r.title || (r.label ? '' : r.url), keys, m.key);
      h.appendChild(a);
      li.appendChild(meta);
      li.appendChild(h);
      if (r.snippet) {
        var p = document.createElement('p');
        p.className = 'search-result-snippet';
        highlight(p, r.snippet, keys, m.key);
        li.appendChild(p);
      }
      return li;
    }

    /** Appends the next page of results; from the button, moves focus to the first new one. */
    function showMore(fromButton) {
      if (!current) return Promise.resolve();
      var mine = seq;
      var result = current;
      return Promise.all([meta(), S.results(result, shown, PAGE)]).then(function (both) {
        if (mine !== seq) return;
        var first = null;
        both[1].forEach(function (r) {
          var li = item(both[0], r, result.keys);
          list.appendChild(li);
          if (!first) first = li;
        });
        shown = Math.min(result.total, shown + PAGE);
        if (more) more.hidden = shown >= result.total;
        if (fromButton) {
          var link = first && first.querySelector('a');
          if (link) link.focus();
          status.textContent = say(text.showing, result.total, result.query, shown);
        }
      });
    }

    function run(q, updateUrl) {
      var mine = ++seq;
      q = q.trim();
      document.title = q ? q + ' – ' + title : title;
      list.textContent = '';
      shown = 0;
      current = null;
      if (more) more.hidden = true;
      if (updateUrl) {
        try {
          var url = new URL(window.location.href);
          if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
          window.history.replaceState(null, '', url.href);
        } catch (e) { /* file:// in some browsers: the URL stays as it was */ }
      }
      if (!q) { status.textContent = ''; return Promise.resolve(); }
      status.textContent = text.searching || '';
      return S.search(q).then(function (result) {
        if (mine !== seq) return;
        current = result;
        if (result.keys.length === 0) { status.textContent = text.empty || ''; return; }
        if (result.total === 0) { status.textContent = say(text.none, 0, q); return; }
        var template = result.atLeast ? text.atLeast : result.total === 1 ? text.one : text.many;
        status.textContent = say(template, result.total, q);
        return showMore(false);
      }).catch(function () {
        if (mine === seq) status.textContent = text.error || '';
      });
    }

    if (form) {
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        clearTimeout(timer);
        run(input.value, true);
      });
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value, true); }, 300);
    });
    if (more) more.addEventListener('click', function () { showMore(true); });
    var q = new URLSearchParams(window.location.search).get('q') || '';
    if (q) {
      input.value = q;
      run(q, false);
    }
    page.classList.add('is-ready');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof window !== 'undefined' ? window : globalThis);
