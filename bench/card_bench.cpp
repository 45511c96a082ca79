// Card latency benchmark: from the last byte of the reader's read reply leaving the simulated
// reader (a real pty, 1295-byte frame) to the card event reaching the UI thread through the
// kiosk's event queue. Usage: card-bench [reads, default 200] [--split: 64-byte pieces]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <variant>

#include "core/app_events.h"
#include "core/event_queue.h"
#include "idcard/idcard_reader.h"
#include "idcard/sim/reader_simulator.h"
#include "timings.h"

using namespace yiwang;
using yiwang::bench::Clock;

int main(int argc, char** argv) {
  const int reads = argc > 1 ? std::atoi(argv[1]) : 200;
  const bool split = argc > 2 && std::strcmp(argv[2], "--split") == 0;
  auto sim = drivers::ReaderSimulator::create();
  if (!sim) {
    std::fprintf(stderr, "card-bench: %s\n", sim.error().c_str());
    return 1;
  }
  sim.value()->set_split_replies(split);
  kiosk::EventQueue<kiosk::AppEvent> queue;
  drivers::CardReaderTiming timing;
  timing.poll_interval_ms = 5;  // the find loop's pause does not enter the measured span
  drivers::IdCardReader reader(
      std::move(drivers::make_reader_link(sim.value()->device_path()).value()),
      [&](drivers::CardReaderEvent e) { queue.push(std::move(e)); }, timing);
  reader.start();
  std::vector<double> latency;
  const auto card = *drivers::sample_card("maria-garcia");
  int failures = 0;
  bool online = false;
  for (int i = 0; i < reads;) {
    if (online) sim.value()->present(card);
    bool got = false;
    bool removed = false;
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (!got && Clock::now() < deadline) {
      queue.wait(100);
      for (auto& event : queue.drain()) {  // this thread is the "UI thread"
        const auto arrived = Clock::now();
        auto* read = std::get_if<drivers::CardReaderEvent>(&event);
        if (read == nullptr) continue;
        if (read->kind == drivers::CardReaderEvent::Kind::statusChanged &&
            read->status.state == drivers::DeviceState::online && !online) {
          online = true;
          sim.value()->present(card);
        }
        if (read->kind == drivers::CardReaderEvent::Kind::readFailed) ++failures;
        if (read->kind == drivers::CardReaderEvent::Kind::cardRead) {
          latency.push_back(bench::ms(arrived - sim.value()->last_reply_written()));
          read->card.wipe();
          got = true;
        }
      }
    }
    if (!got) {
      std::fprintf(stderr, "card-bench: no card event in 5 s\n");
      return 1;
    }
    ++i;
    sim.value()->remove();
    // Wait for the driver to see it leave before the next placement.
    const auto leave_deadline = Clock::now() + std::chrono::seconds(5);
    while (!removed && Clock::now() < leave_deadline) {
      queue.wait(100);
      for (auto& event : queue.drain()) {
        auto* e = std::get_if<drivers::CardReaderEvent>(&event);
        removed |= e != nullptr && e->kind == drivers::CardReaderEvent::Kind::cardRemoved;
      }
    }
  }
  reader.stop();
  std::printf("card-bench: %d reads of a 1295-byte reply over a pty%s, %d failed reads\n", reads,
              split ? " (64-byte pieces)" : "", failures);
  bench::print_distribution("last reply byte -> card event on UI thread", latency);
  return 0;
}
