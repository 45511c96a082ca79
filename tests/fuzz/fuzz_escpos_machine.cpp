// libFuzzer target: the virtual printer's ESC/POS interpreter, fed any byte stream in any split,
// with paper, cover and cutter changing in between. It must never crash, hang or grow without
// bound, and must answer every complete real-time status request.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "receipt/sim/escpos_machine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace yiwang::drivers;
  if (size < 2) return 0;
  EscPosMachine machine;
  std::vector<std::uint8_t> replies;
  // The first byte picks chunk sizes and condition changes; the rest is the line.
  const std::uint8_t control = data[0];
  std::size_t at = 1;
  int round = 0;
  while (at < size) {
    const std::size_t chunk = 1 + ((control + round * 7) % 61);
    const std::size_t n = chunk < size - at ? chunk : size - at;
    machine.receive({data + at, n}, replies);
    at += n;
    switch ((control >> (round % 8)) & 3) {
      case 1:
        machine.set_paper(round % 2 ? PaperState::out : PaperState::full);
        break;
      case 2:
        machine.set_cover_open(round % 3 == 0);
        break;
      case 3:
        machine.set_cutter_jammed(false);
        machine.resume(replies);
        break;
      default:
        break;
    }
    ++round;
  }
  for (const Page& page : machine.take_cut_pages()) (void)page.text();
  (void)machine.current_page().text();
  if (machine.buffered() > (1u << 22)) __builtin_trap();
  // A status request that starts a command of its own is always answered, printing or not.
  // (After an unfinished command its bytes belong to that command, as on a real printer; and
  // with real-time commands turned off by GS ( D, nothing is answered, as the manual says.)
  if (machine.buffered() == 0 && machine.realtime_enabled()) {
    const std::size_t before = replies.size();
    const std::uint8_t request[] = {0x10, 0x04, 0x04};
    machine.receive(request, replies);
    // (Other replies may follow it: an automatic status block when printing resumed.)
    if (replies.size() <= before) __builtin_trap();
  }
  return 0;
}
