//! The client of `benches/serve.sh`: edits one protocol of a site that `protokoll serve`
//! is serving, and times each edit from the write to the `reload` event on the live-reload
//! stream, and to the reloaded page's HTML.
//!
//! ```text
//! protokoll-serve-bench --addr 127.0.0.1:PORT --site DIR --file content/BODY/DATE.md \
//!     --page BODY/DATE.html [--runs N] [--edit title|tag] [--pause-ms MS] [--target-ms MS]
//! ```
//!
//! `--edit title` changes the title of the file's first § (the index is untouched: the
//! protocol is swapped in); `--edit tag` adds a tag (what the index uses: it is made again).
//! Plain std: a TCP stream, HTTP/1.1 by hand.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Args {
    addr: String,
    file: PathBuf,
    page: String,
    runs: usize,
    edit: String,
    pause: Duration,
    target_ms: Option<f64>,
}

fn args() -> Args {
    let mut a = Args {
        addr: String::new(),
        file: PathBuf::new(),
        page: String::new(),
        runs: 20,
        edit: "title".into(),
        pause: Duration::from_secs(1),
        target_ms: None,
    };
    let mut site = PathBuf::from(".");
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--addr" => a.addr = value,
            "--site" => site = PathBuf::from(value),
            "--file" => a.file = PathBuf::from(value),
            "--page" => a.page = value,
            "--runs" => a.runs = value.parse().expect("--runs N"),
            "--edit" => a.edit = value,
            "--target-ms" => a.target_ms = Some(value.parse().expect("--target-ms MS")),
            "--pause-ms" => a.pause = Duration::from_millis(value.parse().expect("--pause-ms MS")),
            _ => panic!("unknown argument {flag}"),
        }
    }
    a.file = site.join(&a.file);
    a
}

/// Reads the event stream on its own thread; sends each event's name with the time it came.
fn events(addr: &str) -> mpsc::Receiver<(String, Instant)> {
    let mut stream = TcpStream::connect(addr).expect("connect to the server");
    write!(stream, "GET /__protokoll/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let reader = BufReader::new(stream);
        for line in reader.lines() {
            let Ok(line) = line else { return };
            if let Some(name) = line.strip_prefix("event: ")
                && tx.send((name.trim().to_owned(), Instant::now())).is_err()
            {
                return;
            }
        }
    });
    rx
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect to the server");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET /{path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

fn edited(original: &str, edit: &str, i: usize) -> (String, String) {
    let marker = format!("ändring {i}");
    if edit == "tag" {
        let line = original.lines().find(|l| l.starts_with("tags: [")).expect("a `tags: [...]` line");
        let new = line.replacen("tags: [", &format!("tags: [bench{i}, "), 1);
        (original.replacen(line, &new, 1), format!("bench{i}"))
    } else {
        let line = original.lines().find(|l| l.starts_with("## § ")).expect("a § heading");
        let end = line.find(" {").unwrap_or(line.len());
        let new = format!("{} ({marker}){}", &line[..end], &line[end..]);
        (original.replacen(line, &new, 1), marker)
    }
}

fn stats(label: &str, mut ms: Vec<f64>, target: Option<f64>) {
    ms.sort_by(f64::total_cmp);
    let median =
        if ms.len() % 2 == 1 { ms[ms.len() / 2] } else { f64::midpoint(ms[ms.len() / 2 - 1], ms[ms.len() / 2]) };
    let max = ms[ms.len() - 1];
    let verdict = match target {
        Some(t) if max < t => format!("   target < {t} ms: ok"),
        Some(t) => format!("   target < {t} ms: OVER TARGET"),
        None => String::new(),
    };
    println!(
        "{label:<34} min {:7.1} ms   median {:7.1} ms   max {:7.1} ms   ({} runs){verdict}",
        ms[0],
        median,
        max,
        ms.len()
    );
}

fn main() {
    let a = args();
    let original = std::fs::read_to_string(&a.file).expect("read the protocol");
    let rx = events(&a.addr);
    // The stream opens with the current diagnostics.
    let (first, _) = rx.recv_timeout(Duration::from_secs(30)).expect("the event stream answers");
    assert_eq!(first, "diagnostics");
    let (mut to_reload, mut to_page) = (Vec::new(), Vec::new());
    for i in 0..a.runs {
        let (text, marker) = edited(&original, &a.edit, i);
        while rx.try_recv().is_ok() {}
        let start = Instant::now();
        std::fs::write(&a.file, text).expect("write the protocol");
        let reloaded = loop {
            let (name, at) = rx.recv_timeout(Duration::from_secs(30)).expect("a reload within 30 s");
            if name == "reload" {
                break at;
            }
        };
        let (status, html) = get(&a.addr, &a.page);
        let served = Instant::now();
        assert_eq!(status, 200, "GET /{}", a.page);
        assert!(html.contains(&marker), "the reloaded page shows the edit ({marker})");
        to_reload.push(reloaded.duration_since(start).as_secs_f64() * 1000.0);
        to_page.push(served.duration_since(start).as_secs_f64() * 1000.0);
        std::thread::sleep(a.pause);
    }
    std::fs::write(&a.file, original).expect("restore the protocol");
    // The target is for an edit that leaves the indexes alone.
    let target = a.target_ms.filter(|_| a.edit == "title");
    stats(&format!("edit {}: write → reload event", a.edit), to_reload, target);
    stats(&format!("edit {}: write → page served", a.edit), to_page, None);
}
