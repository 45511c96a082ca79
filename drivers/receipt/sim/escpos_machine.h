// The virtual receipt printer's mechanism: takes ESC/POS bytes as they arrive, answers status
// requests, lays out paper operations page by page, and runs out of paper or jams on command.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/device_status.h"
#include "receipt/bitmap.h"

namespace yiwang::drivers {

struct PaperOp {
  enum class Kind { text, newline, feed, raster, qr, cut };
  Kind kind = Kind::text;
  std::string gb18030;  // text
  bool bold = false;
  int width = 1;
  int height = 1;
  int align = 0;  // 0 left, 1 centre, 2 right
  int lines = 0;  // feed
  Bitmap image;   // raster
  std::string qr_data;
  int module = 3;
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
  // Bytes from the host. Replies (status, GS r) are appended to `replies`. Real-time commands
  // are answered at once, even while printing is stopped; printing stops at paper end, with
  // the cover open or a jammed cutter, and resumes when the condition clears.
  void receive(std::span<const std::uint8_t> bytes, std::vector<std::uint8_t>& replies);

  // Conditions, as a technician or a test sets them.
  void set_paper(PaperState paper);       // full, low (near end) or out
  void paper_out_after_lines(int lines);  // the roll ends after this many more lines
  void set_cover_open(bool open);
  void set_cutter_jammed(bool jammed);
  // Continue printing after a condition cleared; replies to held GS r go to `replies`.
  void resume(std::vector<std::uint8_t>& replies);

  // Pages finished by a cut since the last call; the page in the printer stays.
  std::vector<Page> take_cut_pages();
  const Page& current_page() const { return page_; }
  std::size_t buffered() const { return buffer_.size(); }
  const std::vector<std::string>& unknown_commands() const { return unknown_; }
  std::size_t lines_printed() const { return lines_printed_; }

 private:
  bool can_print() const;
  // Runs buffered commands; returns when the buffer is empty, a command is incomplete, or
  // printing has stopped (then it only looks ahead for real-time commands).
  void run(std::vector<std::uint8_t>& replies);
  // Length of the command at buffer_[at], 0 when it is not complete yet.
  std::size_t command_length(std::size_t at) const;
  bool is_realtime(std::size_t at) const;
  void realtime(std::size_t at, std::vector<std::uint8_t>& replies);
  void execute(std::size_t at, std::size_t length, std::vector<std::uint8_t>& replies);
  void end_line();
  std::uint8_t status_byte(int n) const;

  std::vector<std::uint8_t> buffer_;
  Page page_;
  std::vector<Page> cut_pages_;
  std::vector<std::string> unknown_;
  bool bold_ = false;
  int width_ = 1;
  int height_ = 1;
  int align_ = 0;
  int qr_module_ = 3;
  std::string qr_data_;
  bool line_open_ = false;
  std::size_t lines_printed_ = 0;
  PaperState paper_ = PaperState::full;
  int lines_left_ = -1;  // -1: the roll does not end
  bool cover_open_ = false;
  bool cutter_jammed_ = false;
  std::size_t received_ = 0;
};

}  // namespace yiwang::drivers
