// The virtual receipt printer's mechanism, written from the Epson/Citizen references
// (devices.md), not from the driver: takes ESC/POS bytes as they arrive, acts on real-time
// commands on arrival (also inside raster data unless GS ( D turned them off), runs the rest in
// order at the printer's speed, answers in-order requests (GS ( H, GS r, GS I) and sends
// automatic status (ASB) when it is on. Personalities model the printers found in the field.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/device_status.h"
#include "receipt/bitmap.h"

namespace yiwang::drivers {

// What differs between printer models. The defaults are a full-featured Epson-like printer.
struct PrinterPersonality {
  std::string name = "reference";
  std::string model = "TM-T88V (virtual)";  // GS I 67
  bool paper_sensor = true;                 // GS r 1 answered (documented layout)
  bool transaction_number = true;           // GS ( H fn 48 answered once printed
  bool clear_answer = true;                 // DLE DC4 8 answered with 37 25 00
  bool realtime_in_order = false;           // DLE EOT answered in order, not on arrival
  bool automatic_status = false;            // ASB on at power-up (GS a 0 turns it off)
  bool chinese_at_start = true;             // FS & in effect at power-up
  // The character grid: a one-byte character is `half_width_dots` wide (font A 12 x 24), a
  // two-byte one twice that, times the character size; a line wider than `paper_dots` goes on
  // on the next line, as on paper. 0: no wrapping.
  int half_width_dots = 12;
  int paper_dots = 576;
  double lines_per_second = 0;          // 0: prints instantly
  std::size_t drop_after_bytes = 0;     // the link drops after this many bytes (0: never)
  PaperState paper = PaperState::full;  // at power-up (low: near end)
  // "reference", "near_end", "no_gs_r", "no_gs_h", "one_way_answers" (neither GS r nor
  // GS ( H), "asb_on", "in_order_status", "slow", "link_drop", "no_clear_answer",
  // "near_end_no_gs_h", "grid_58mm" (384 dots: 32 one-byte or 16 two-byte characters a line).
  static std::optional<PrinterPersonality> named(const std::string& name);
  static std::vector<std::string> names();
};

struct PaperOp {
  enum class Kind { text, newline, feed, raster, qr, cut };
  Kind kind = Kind::text;
  std::string gb18030;  // text: the bytes as received
  bool chinese = true;  // text: FS & was in effect (two-byte characters), else one byte each
  bool bold = false;
  int width = 1;
  int height = 1;
  int align = 0;  // 0 left, 1 centre, 2 right
  int lines = 0;  // feed: lines
  int dots = 0;   // feed: motion units (GS V 65/66 n)
  Bitmap image;   // raster
  std::string qr_data;
  int module = 3;
  int qr_model = 2;   // 1 or 2 (GS ( k fn 65)
  int qr_ecc = 0x30;  // 0x30 L, 0x31 M, 0x32 Q, 0x33 H (GS ( k fn 69)
};

// The paper between two cuts.
struct Page {
  std::vector<PaperOp> ops;
  bool cut = false;          // ended by a cut (false: still in the printer)
  std::string text() const;  // all text on it, as UTF-8, lines joined with '\n'
  std::vector<std::string> qr_codes() const;
};

class EscPosMachine {
 public:
  explicit EscPosMachine(PrinterPersonality personality = {});

  // Bytes from the host. Replies are appended to `replies`. Real-time commands are answered at
  // once, even while printing is stopped; printing stops at paper end, with the cover open or a
  // jammed cutter, and resumes when the condition clears.
  void receive(std::span<const std::uint8_t> bytes, std::vector<std::uint8_t>& replies);
  // Time passes (slow printers print `lines_per_second`); replies of what got done go out.
  void advance(double seconds, std::vector<std::uint8_t>& replies);
  bool busy() const { return !queue_.empty(); }

  // Conditions, as a technician or a test sets them.
  void set_paper(PaperState paper);       // full, low (near end) or out
  void paper_out_after_lines(int lines);  // the roll ends after this many more lines
  void set_cover_open(bool open);
  void set_cutter_jammed(bool jammed);
  // Continue printing after a condition cleared; replies go to `replies`.
  void resume(std::vector<std::uint8_t>& replies);

  // Pages finished by a cut since the last call; the page in the printer stays.
  std::vector<Page> take_cut_pages();
  const Page& current_page() const { return page_; }
  std::size_t buffered() const;
  // False while the host has turned real-time commands off (GS ( D fn 20): DLE EOT goes unanswered.
  bool realtime_enabled() const { return realtime_enabled_; }
  const std::vector<std::string>& unknown_commands() const { return unknown_; }
  std::size_t lines_printed() const { return lines_printed_; }
  const PrinterPersonality& personality() const { return personality_; }

 private:
  bool can_print() const;
  void take_commands(std::vector<std::uint8_t>& replies);  // receive side
  void run(std::vector<std::uint8_t>& replies);            // print side, in order
  std::size_t command_length(std::size_t at) const;
  void realtime(const std::vector<std::uint8_t>& command, std::vector<std::uint8_t>& replies);
  void realtime_inside(const std::vector<std::uint8_t>& data, std::vector<std::uint8_t>& replies);
  double cost(const std::vector<std::uint8_t>& command) const;
  void execute(const std::vector<std::uint8_t>& command, std::vector<std::uint8_t>& replies);
  void end_line();
  void advance_grid(std::uint8_t byte);  // a text byte's width on the character grid
  void count_lines(int lines);
  std::uint8_t status_byte(int n) const;
  std::vector<std::uint8_t> asb_block() const;
  void send_asb_if_changed(std::vector<std::uint8_t>& replies, bool force);

  PrinterPersonality personality_;
  std::vector<std::uint8_t> rx_;                 // received, not yet a whole command
  std::deque<std::vector<std::uint8_t>> queue_;  // whole commands waiting to run in order
  bool realtime_enabled_ = true;                 // GS ( D fn 20, as seen on the receive side
  Page page_;
  std::vector<Page> cut_pages_;
  std::vector<std::string> unknown_;
  bool bold_ = false;
  int width_ = 1;
  int height_ = 1;
  int align_ = 0;
  bool chinese_ = true;
  int qr_module_ = 3;
  int qr_model_ = 2;
  int qr_ecc_ = 0x30;
  std::string qr_data_;
  bool line_open_ = false;
  int line_dots_ = 0;          // width printed on the current line
  bool pending_lead_ = false;  // the first byte of a two-byte character has arrived
  std::size_t lines_printed_ = 0;
  double budget_ = 1;  // lines the mechanism may print now (slow printers)
  PaperState paper_ = PaperState::full;
  int lines_left_ = -1;  // -1: the roll does not end
  bool cover_open_ = false;
  bool cutter_jammed_ = false;
  bool asb_enabled_ = false;
  std::vector<std::uint8_t> last_asb_;
  std::size_t received_ = 0;
};

}  // namespace yiwang::drivers
