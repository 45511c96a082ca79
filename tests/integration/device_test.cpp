// Drivers against their simulators on real pseudo-terminals: the reader and the serial scanner.
#include <doctest/doctest.h>

#include <mutex>
#include <vector>

#include "idcard/idcard_reader.h"
#include "idcard/sim/reader_simulator.h"
#include "qr/line_scanner.h"
#include "qr/scanner_simulator.h"
#include "support/wait_for.h"

using namespace yiwang::drivers;
using yiwang::test::wait_for;

namespace {

struct Recorder {
  std::mutex mutex;
  std::vector<CardReaderEvent> events;
  void operator()(CardReaderEvent e) {
    std::lock_guard lock(mutex);
    events.push_back(std::move(e));
  }
  int count(CardReaderEvent::Kind kind) {
    std::lock_guard lock(mutex);
    int n = 0;
    for (auto& e : events) n += e.kind == kind;
    return n;
  }
};

}  // namespace

TEST_CASE("the reader driver reads a card once per placement over the pty") {
  auto sim = ReaderSimulator::create();
  REQUIRE(sim);
  Recorder recorder;
  IdCardReader reader(
      sim.value()->device_path(), [&](CardReaderEvent e) { recorder(std::move(e)); },
      CardReaderTiming{500, 20, 100});
  reader.start();
  REQUIRE(wait_for([&] { return recorder.count(CardReaderEvent::Kind::statusChanged) >= 1; }));
  {
    std::lock_guard lock(recorder.mutex);
    CHECK(recorder.events.back().status.state == DeviceState::online);
  }
  sim.value()->present(*sample_card("zhang-san"));
  REQUIRE(wait_for([&] { return recorder.count(CardReaderEvent::Kind::cardRead) == 1; }));
  {
    std::lock_guard lock(recorder.mutex);
    const IdCard* card = nullptr;
    for (auto& e : recorder.events) {
      if (e.kind == CardReaderEvent::Kind::cardRead) card = &e.card;
    }
    REQUIRE(card);
    CHECK(card->name == "张三");
    CHECK(card->id_number == "11010519491231002X");
    CHECK(card->photo_wlt.size() == 1024);
  }
  // The card stays on the reader: no second read.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(recorder.count(CardReaderEvent::Kind::cardRead) == 1);
  // Taken away and placed again: read again.
  sim.value()->remove();
  sim.value()->present(*sample_card("chan-tai-man"));
  REQUIRE(wait_for([&] { return recorder.count(CardReaderEvent::Kind::cardRead) == 2; }));
  reader.stop();
}

TEST_CASE("a reader that is not there is reported as noDevice") {
  Recorder recorder;
  IdCardReader reader(
      "/dev/does-not-exist-ttyUSB9", [&](CardReaderEvent e) { recorder(std::move(e)); },
      CardReaderTiming{200, 20, 50});
  reader.start();
  REQUIRE(wait_for([&] { return recorder.count(CardReaderEvent::Kind::statusChanged) >= 1; }));
  reader.stop();
  std::lock_guard lock(recorder.mutex);
  CHECK(recorder.events.front().status.state == DeviceState::noDevice);
}

TEST_CASE("the serial scanner delivers one code per line") {
  auto sim = ScannerSimulator::create();
  REQUIRE(sim);
  std::mutex mutex;
  std::vector<ScanEvent> scans;
  SerialLineScanner scanner(sim.value()->device_path(), [&](ScanEvent e) {
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
