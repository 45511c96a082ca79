// What every screen shares: the header (site, greeting, language, home), the status line, banners.
#pragma once

#include <string>
#include <vector>

#include "toolkit/screen.h"
#include "toolkit/translator.h"
#include "toolkit/view_model.h"
#include "toolkit/widget.h"

namespace yiwang::ui {

// Type sizes and the least touch target of the current mode (normal or elder, theme.h).
struct Sizes {
  int title, heading, body, small;
  int header;  // the header's height
  int target;  // least width and height of a button
  int gap;     // least space between two buttons
  int footer;  // the resident's footer (caption, volume, repeat, help): as tall as a target
  int bottom;  // the content's lowest line, above the footer
  // At least the mode's least target.
  int h(int px) const { return px < target ? target : px; }
};
const Sizes& sizes(bool elder);

// Short-hands for one build() call.
struct Ui {
  const ViewModel& model;
  const Translator& translator;
  Frame& frame;
  const Sizes& sz = sizes(model.elder_mode);

  std::string t(std::string_view key) const { return translator.text(key, model.language); }
  const std::string& b(const Bilingual& text) const { return text.pick(model.language); }
};

// Draws header and footer; title_key names the screen's title. Returns the top of the content.
// The header offers the language switch, elder mode (大字) and, unless show_home is false, home.
// show_notice false: the screen shows the model's notice itself (the elder text keyboard).
int chrome(const Ui& ui, std::string_view title_key, bool show_home = true,
           bool show_notice = true);

// "20 个工作日" / "20 working days".
std::string working_days(const Ui& ui, int days);
// "¥20.00" or the word for free.
std::string money(const Ui& ui, int fen);

// The digit keypad (1-9, clear, 0, delete) sending key:<k>, top-left at x, y: the form's
// numeric fields and the technician's PIN pad.
void keypad(const Ui& ui, int x, int y);

// The footer (status_line.cpp): the technician's full status line (link, queue, every device) on
// technician screens; on a resident's screen only what concerns them (resident_notes).
void footer(const Ui& ui);
// Screens with the full status line: maintenance, diagnostics and the provisioning wizard (not
// the PIN pad a stranger may reach).
bool full_status_line(ScreenId screen);
// Translation keys of what a resident should know about the devices (the receipt printer out of
// paper: "your number is on the screen"), in the order shown; empty when all is well.
std::vector<std::string> resident_notes(const ViewModel& model);

// The technician's screens (normal sizes); a resident's screen uses Sizes::bottom.
inline constexpr int kContentBottom = theme::kHeight - theme::kFooterHeight - 20;

// One button of a technician screen's bottom row: its intent, left edge, width, text key.
struct RowButton {
  std::string id;
  int x = 0;
  int width = 0;
  std::string text_key;
  bool primary = false;
};
// The technician screens' bottom row (PIN pad, maintenance, wizard, display setup): buttons
// 110 px tall whose bottom is 10 px above kContentBottom.
void bottom_row(const Ui& ui, const std::vector<RowButton>& buttons);

// The resident's voice bar in the footer: the caption (the line voice guidance says for this
// screen) and the buttons quieter, louder, repeat and help (帮办), ids voice.down, voice.up,
// voice.repeat and help. Every spoken label stays reachable from the view model (model.caption).
// help_button false: without help (the reasons for help, above the screen, are that help).
void voice_bar(const Ui& ui, int footer_y, bool help_button = true);
// The help banner's text (help.sending, help.sent, help.offline with the centre's hours).
std::string help_text(const Ui& ui);
// Lines text may take at px in width pixels, estimated generously (before the canvas measures):
// for a block that must make room for a longer language.
int estimated_lines(const std::string& text, int px, int width);
// "{name}" in text replaced by value.
std::string filled(std::string text, const std::string& name, const std::string& value);

}  // namespace yiwang::ui
