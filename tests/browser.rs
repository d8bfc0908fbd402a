//! The example archive in a real browser: builds it in Swedish and English and runs the browser
//! suite, `tests/browser/run.mjs` (axe-core accessibility in light and dark, the Nu Html
//! Checker, navigation and keyboard walks, `file://`, search, screenshots, page weight and
//! layout shift; see the script's header and `tests/README.md`).
//!
//! Needs Node with `npm ci --prefix tests/browser`, Debian's Chromium (`/usr/bin/chromium`, or
//! `CHROMIUM`) and Java (for the Nu Html Checker). When one is missing the test says so loudly
//! and passes, except when `CI` is set: CI must run it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_dir, error_messages};

/// The whole suite stops itself after 300 s; this is the backstop.
const TIMEOUT: Duration = Duration::from_secs(420);

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// What the suite needs and this machine lacks.
fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    if !runs("node", "--version") {
        missing.push("node".to_owned());
    }
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        if !repo().join("tests/browser/node_modules").join(package).join("package.json").is_file() {
            missing.push(format!("tests/browser/node_modules/{package}"));
        }
    }
    if !chromium().is_file() {
        missing.push(chromium().display().to_string());
    }
    if !runs("java", "-version") {
        missing.push("java".to_owned());
    }
    missing
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Two free ports on 127.0.0.1 (both held while asked for, so they differ).
fn free_ports() -> (u16, u16) {
    let a = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let b = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    (a.local_addr().unwrap().port(), b.local_addr().unwrap().port())
}

/// Builds a copy of the example archive with `language` and `base_url` set, returning the output folder.
fn build_example(tmp: &Path, language: &str, base_url: &str) -> PathBuf {
    let site = tmp.join(format!("site-{language}"));
    copy_dir(&repo().join("content"), &site.join("content"), None);
    if repo().join("themes").is_dir() {
        copy_dir(&repo().join("themes"), &site.join("themes"), None);
    }
    let config = std::fs::read_to_string(repo().join("protokoll.yaml")).unwrap();
    let mut edited = String::new();
    let mut seen = (false, false);
    for line in config.lines() {
        if line.starts_with("language:") {
            seen.0 = true;
            edited.push_str("language: ");
            edited.push_str(language);
        } else if line.starts_with("base_url:") {
            // The 404 page links through base_url: point it at the test server.
            seen.1 = true;
            edited.push_str("base_url: ");
            edited.push_str(base_url);
        } else {
            edited.push_str(line);
        }
        edited.push('\n');
    }
    assert!(seen.0 && seen.1, "protokoll.yaml of the example has no `language:` or `base_url:` line to change");
    std::fs::write(site.join("protokoll.yaml"), edited).unwrap();
    let out = tmp.join(format!("out-{language}")).join("public");
    let built = protokoll::build(&site, &protokoll::BuildOptions { out: out.clone(), internal: false, drafts: false })
        .unwrap_or_else(|e| panic!("building the example ({language}) failed: {e}"));
    let errors = error_messages(&built);
    assert!(built.written.is_some(), "the example ({language}) did not build: {errors:#?}");
    out
}

/// Kills the suite and everything it started (its browser) when it runs too long.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill").arg("-KILL").arg(format!("-{}", child.id())).status();
    }
    let _ = child.kill();
}

#[test]
fn example_site_in_a_browser() {
    let missing = missing_tools();
    if !missing.is_empty() {
        let message = format!(
            "browser tests skipped: missing {}.\n  run `npm ci --prefix tests/browser` and install chromium \
             (`apt-get install chromium`) and a JRE (`apt-get install default-jre-headless`)",
            missing.join(", ")
        );
        assert!(!in_ci(), "{message}\n  CI is set, so the browser tests must run");
        // Straight to stderr: libtest would swallow `eprintln!` of a passing test.
        let bar = "!".repeat(78);
        let _ = writeln!(std::io::stderr(), "\n{bar}\n{message}\n{bar}\n");
        return;
    }

    let tmp = tempfile::tempdir().unwrap();
    let (port_sv, port_en) = free_ports();
    let sv = build_example(tmp.path(), "sv", &format!("http://127.0.0.1:{port_sv}/arkiv/protokoll/"));
    let en = build_example(tmp.path(), "en", &format!("http://127.0.0.1:{port_en}/archive/minutes/"));

    // Output to a file, not a pipe: nothing can fill up and block.
    let log_path = tmp.path().join("browser.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut command = Command::new("node");
    command
        .arg(repo().join("tests/browser/run.mjs"))
        .arg(&sv)
        .arg(&en)
        .current_dir(repo())
        .env("CHROMIUM", chromium())
        .env("BROWSER_OUTPUT", repo().join("tests/output"))
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let started = Instant::now();
    let mut child = command.spawn().expect("start node");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > TIMEOUT {
            kill_group(&mut child);
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let output = std::fs::read_to_string(&log_path).unwrap_or_default();
    // The report: shown on failure, and with `--nocapture`.
    println!("{output}");
    match status {
        None => {
            panic!("the browser tests ran longer than {} s and were stopped (their report is above)", TIMEOUT.as_secs())
        }
        Some(s) if !s.success() => panic!("the browser tests failed ({s}): the ✗ lines of the report above say why"),
        Some(_) => {}
    }
}
