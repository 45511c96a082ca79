// The ID-card reader driver over a real pseudo-terminal against the reader simulator: every card
// layout, the state machine's steps, SW3 failures, noise on the line, silence, a foreign
// protocol, and the cable pulled and put back.
#include <doctest/doctest.h>

#include <chrono>

#include "idcard/idcard_reader.h"
#include "idcard/sim/reader_simulator.h"
#include "support/event_log.h"

using namespace yiwang::drivers;
using yiwang::test::EventLog;
using yiwang::test::wait_for;
using Kind = CardReaderEvent::Kind;

namespace {

bool is_read(const CardReaderEvent& e) { return e.kind == Kind::cardRead; }
bool is_failed(const CardReaderEvent& e) { return e.kind == Kind::readFailed; }
bool is_removed(const CardReaderEvent& e) { return e.kind == Kind::cardRemoved; }
auto status_is(DeviceState state) {
  return [state](const CardReaderEvent& e) {
    return e.kind == Kind::statusChanged && e.status.state == state;
  };
}

CardReaderTiming fast() {
  CardReaderTiming t;
  t.exchange_timeout_ms = 500;
  t.poll_interval_ms = 20;
  t.reconnect_interval_ms = 100;
  t.removal_timeout_ms = 10000;
  t.fault_pause_ms = 200;
  return t;
}

struct Bench {
  std::unique_ptr<ReaderSimulator> sim;
  EventLog<CardReaderEvent> log;
  std::unique_ptr<IdCardReader> reader;
  explicit Bench(CardReaderTiming timing = fast()) {
    auto created = ReaderSimulator::create();
    REQUIRE(created);
    sim = std::move(created.value());
    auto link = make_reader_link(sim->device_path());
    REQUIRE(link);
    reader = std::make_unique<IdCardReader>(std::move(link.value()), log.listener(), timing);
    reader->start();
    REQUIRE(log.wait(status_is(DeviceState::online)));
  }
};

}  // namespace

TEST_CASE("every card layout is read over the wire, once per placement") {
  Bench bench;
  int reads = 0;
  for (const char* name : {"zhang-san", "li-si", "chan-tai-man", "john-smith", "maria-garcia"}) {
    CAPTURE(name);
    const IdCard expected = *sample_card(name);
    bench.sim->present(expected);
    REQUIRE(bench.log.wait(is_read, ++reads));
    const auto got = bench.log.last(is_read)->card;
    CHECK(got.type == expected.type);
    CHECK(got.name == expected.name);
    CHECK(got.name_en == expected.name_en);
    CHECK(got.id_number == expected.id_number);
    CHECK(got.valid_to == expected.valid_to);
    CHECK(got.nationality == expected.nationality);
    CHECK(got.photo_wlt.size() == 1024);
    // Left on the reader: the driver waits for it to leave and does not read it again.
    REQUIRE(wait_for([&] { return bench.reader->state() == ReaderState::waitingForRemoval; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(bench.log.count(is_read) == reads);
    bench.sim->remove();
    REQUIRE(bench.log.wait(is_removed, reads));
  }
}

TEST_CASE("SW3 retry codes ask the resident to place the card again; the next placement reads") {
  Bench bench;
  bench.sim->fail_command(sam::kReadText, 0x41);  // read failed
  bench.sim->present(*sample_card("zhang-san"));
  REQUIRE(bench.log.wait(is_failed));
  const auto failure = *bench.log.last(is_failed);
  CHECK(failure.failure == FailureKind::retry);
  CHECK(failure.message.find("card read failed") != std::string::npos);
  CHECK(bench.log.count(status_is(DeviceState::hardwareError)) == 0);
  // The card is still fresh on the reader: the driver finds it again and reads it.
  REQUIRE(bench.log.wait(is_read));
}

TEST_CASE("SW3 fault codes: hardwareError, and online again once the SAM answers") {
  Bench bench;
  bench.sim->fail_command(sam::kReadText, 0x47);      // random number failed: the SAM is broken
  bench.sim->fail_command(sam::kSamStatus, 0x60, 2);  // and it fails its self-test twice
  bench.sim->present(*sample_card("zhang-san"));
  REQUIRE(bench.log.wait(is_failed));
  CHECK(bench.log.last(is_failed)->failure == FailureKind::fault);
  REQUIRE(bench.log.wait(status_is(DeviceState::hardwareError)));
  const auto fault = *bench.log.last(status_is(DeviceState::hardwareError));
  CHECK(fault.status.detail.find("random number failed") != std::string::npos);
  REQUIRE(bench.log.wait(status_is(DeviceState::online), 2, 10000));
  REQUIRE(bench.log.wait(is_read, 1, 5000));
}

TEST_CASE("a slow reader is waited for; one slower than the deadline is offline, then back") {
  Bench bench;
  bench.sim->set_reply_delay_ms(200);  // under the 500 ms exchange deadline
  bench.sim->present(*sample_card("li-si"));
  REQUIRE(bench.log.wait(is_read));
  bench.sim->remove();
  REQUIRE(bench.log.wait(is_removed));
  bench.sim->set_reply_delay_ms(700);  // over it
  REQUIRE(bench.log.wait(status_is(DeviceState::offline), 1, 10000));
  CHECK(bench.log.last(status_is(DeviceState::offline))->status.detail.find("no reply") !=
        std::string::npos);
  bench.sim->set_reply_delay_ms(0);
  REQUIRE(bench.log.wait(status_is(DeviceState::online), 2, 10000));
}

TEST_CASE("noise on the line: garbage, split replies, a truncated frame, bad checksums") {
  Bench bench;
  SUBCASE("garbage before the reply and replies split into pieces still read") {
    bench.sim->set_split_replies(true);
    bench.sim->prefix_next_reply({0x00, 0xFF, 0xAA, 0xAA, 0x96, 0x13, 0xAA});
    bench.sim->present(*sample_card("chan-tai-man"));
    REQUIRE(bench.log.wait(is_read));
    CHECK(bench.log.last(is_read)->card.pass_number == "H12345678");
    CHECK(bench.log.count(status_is(DeviceState::offline)) == 0);
  }
  SUBCASE("one damaged reply is retried without a status change") {
    bench.sim->corrupt_replies(1);
    bench.sim->present(*sample_card("zhang-san"));
    REQUIRE(bench.log.wait(is_read));
    CHECK(bench.log.count(status_is(DeviceState::offline)) == 0);
  }
  SUBCASE("a damaged card reply: the read alone is asked again, the card is read") {
    bench.sim->corrupt_command(sam::kReadText, 1);
    bench.sim->present(*sample_card("zhang-san"));
    REQUIRE(bench.log.wait(is_read));
    CHECK(bench.log.count(is_failed) == 0);
  }
  SUBCASE("a card reply damaged every time asks for the card again") {
    bench.sim->corrupt_command(sam::kReadText, 4);  // step_attempts
    bench.sim->present(*sample_card("zhang-san"));
    REQUIRE(bench.log.wait(is_failed));
    CHECK(bench.log.last(is_failed)->failure == FailureKind::retry);
    CHECK(bench.log.last(is_failed)->message.find("bad checksum") != std::string::npos);
    CHECK(bench.log.count(is_read) == 0);
    bench.sim->remove();
    bench.sim->present(*sample_card("zhang-san"));
    REQUIRE(bench.log.wait(is_read));
  }
  SUBCASE("every second reply damaged (a flaky cable): read, and the status says so") {
    bench.sim->corrupt_every(2);
    bench.sim->present(*sample_card("zhang-san"));
    REQUIRE(bench.log.wait(is_read, 1, 10000));
    CHECK(bench.log.last(is_read)->card.name == "张三");
    REQUIRE(bench.log.wait(
        [](const CardReaderEvent& e) {
          return e.kind == Kind::statusChanged &&
                 e.status.detail.find("communication errors") != std::string::npos;
        },
        1, 10000));
    CHECK(bench.log.count(status_is(DeviceState::offline)) == 0);
  }
  SUBCASE("every third reply damaged: read at the first placement") {
    bench.sim->corrupt_every(3);
    bench.sim->present(*sample_card("zhang-san"));
    REQUIRE(bench.log.wait(is_read, 1, 10000));
    CHECK(bench.log.count(is_failed) == 0);
  }
  SUBCASE("a truncated frame swallows the real reply: a clear failure, then it recovers") {
    bench.sim->prefix_next_reply({0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x20, 0x00, 0x00});
    bench.sim->present(*sample_card("zhang-san"));
    REQUIRE(bench.log.wait(is_read, 1, 8000));
  }
  SUBCASE("a line that only ever garbles is offline, with the reason") {
    bench.sim->corrupt_replies(1000);
    REQUIRE(bench.log.wait(status_is(DeviceState::offline), 1, 8000));
    CHECK(bench.log.last(status_is(DeviceState::offline))->status.detail.find("checksum") !=
          std::string::npos);
    bench.sim->corrupt_replies(0);
    REQUIRE(bench.log.wait(status_is(DeviceState::online), 2, 8000));
  }
}

TEST_CASE("a silent reader is offline and never blocks stop()") {
  Bench bench;
  bench.sim->set_silent(true);
  REQUIRE(bench.log.wait(status_is(DeviceState::offline), 1, 8000));
  const auto before = std::chrono::steady_clock::now();
  bench.reader->stop();
  // Not a speed figure: a driver stuck in a read would never return here at all.
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(3));
}

TEST_CASE("a reader speaking another protocol is named unsupported") {
  auto created = ReaderSimulator::create();
  REQUIRE(created);
  auto& sim = *created.value();
  sim.set_foreign_protocol(true);
  EventLog<CardReaderEvent> log;
  IdCardReader reader(std::move(make_reader_link(sim.device_path()).value()), log.listener(),
                      fast());
  reader.start();
  REQUIRE(log.wait(status_is(DeviceState::offline), 1, 5000));
  CHECK(log.last(status_is(DeviceState::offline))->status.detail.find("unsupported reader") !=
        std::string::npos);
}

TEST_CASE("unplugged: noDevice; plugged back: online within 2 s, with the kiosk's own timing") {
  Bench bench(CardReaderTiming{});
  bench.sim->unplug();
  REQUIRE(bench.log.wait(status_is(DeviceState::noDevice), 1, 5000));
  bench.sim->plug_in();
  // The requirement is recovery within 2 s of the device returning.
  REQUIRE(bench.log.wait(status_is(DeviceState::online), 2, 2000));
  bench.sim->present(*sample_card("john-smith"));
  REQUIRE(bench.log.wait(is_read));
  CHECK(bench.log.last(is_read)->card.name_en == "SMITH, JOHN");
}

TEST_CASE("pulled mid-read: noDevice, nothing half-read is reported as a card") {
  Bench bench;
  bench.sim->set_reply_delay_ms(150);
  bench.sim->present(*sample_card("zhang-san"));
  REQUIRE(wait_for([&] { return bench.reader->state() == ReaderState::reading; }, 5000));
  bench.sim->unplug();
  REQUIRE(bench.log.wait(status_is(DeviceState::noDevice), 1, 5000));
  CHECK(bench.log.count(is_read) == 0);
  bench.sim->set_reply_delay_ms(0);
  bench.sim->plug_in();
  REQUIRE(bench.log.wait(status_is(DeviceState::online), 2, 5000));
}

TEST_CASE("a reader that is not there is noDevice; the link spec is checked") {
  EventLog<CardReaderEvent> log;
  IdCardReader reader(std::move(make_reader_link("/dev/does-not-exist-ttyUSB9").value()),
                      log.listener(), fast());
  reader.start();
  REQUIRE(log.wait(status_is(DeviceState::noDevice)));
  CHECK_FALSE(make_reader_link("usb:04"));
  CHECK_FALSE(make_reader_link(""));
  REQUIRE(make_reader_link("usb"));
  CHECK(make_reader_link("usb").value()->describe() == "usb 0400:c35a");
  CHECK(make_reader_link("usb:1234:abcd").value()->describe() == "usb 1234:abcd");
}
