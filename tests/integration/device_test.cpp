// The CDC-serial scanner against its simulator on a real pseudo-terminal, and its line splitter.
#include <doctest/doctest.h>

#include <mutex>
#include <vector>

#include "qr/line_scanner.h"
#include "qr/qr_scanner.h"
#include "qr/scanner_simulator.h"
#include "support/wait_for.h"

using namespace yiwang::drivers;
using yiwang::test::wait_for;

TEST_CASE("the serial scanner delivers one code per line") {
  auto sim = ScannerSimulator::create();
  REQUIRE(sim);
  std::mutex mutex;
  std::vector<ScanEvent> scans;
  QrScanner scanner(parse_scanner_spec(sim.value()->device_path()).value(), [&](ScanEvent e) {
    std::lock_guard lock(mutex);
    if (e.kind != ScanEvent::Kind::statusChanged) scans.push_back(std::move(e));
  });
  scanner.start();
  REQUIRE(wait_for([&] { return sim.value()->scan("YWTRACK:1:C:HN2026112200000001"); }));
  REQUIRE(wait_for([&] {
    std::lock_guard lock(mutex);
    return !scans.empty();
  }));
  scanner.stop();
  CHECK(scans.front().kind == ScanEvent::Kind::scanned);
  CHECK(scans.front().code == "YWTRACK:1:C:HN2026112200000001");
}

TEST_CASE("the line splitter rejects binary and over-long scans") {
  ScanLineSplitter splitter;
  auto events = splitter.feed(std::string("ok\r\nbad\x01"
                                          "code\n") +
                              std::string(kMaxScanLength + 10, 'x') + "\nnext\n");
  REQUIRE(events.size() == 4);
  CHECK(events[0].code == "ok");
  CHECK(events[1].kind == ScanEvent::Kind::rejected);
  CHECK(events[2].kind == ScanEvent::Kind::rejected);
  CHECK(events[3].code == "next");
}
