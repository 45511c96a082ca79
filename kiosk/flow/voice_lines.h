// What voice guidance says on each screen, in one place and testable without audio: the line
// (from the translation table, keyed voice.<screen>[.<state>]) with its dynamic content (a case
// number digit by digit, amounts in yuan, dates) filled in. Never a name, an ID number or
// anything typed: only the resident's own case number, on the screens where they asked for it.
#pragma once

#include <string>

#include "toolkit/translator.h"
#include "toolkit/view_model.h"
#include "toolkit/widget.h"

namespace yiwang::kiosk {

struct SpokenLine {
  std::string key;       // the translation key of the line's first sentence ("voice.receipt...")
  std::string text;      // what is said and shown as the caption; empty: nothing (technician)
  std::string language;  // "zh" or "en"
};

// The line for what the model shows now: the idle warning or a help answer above the screen, or
// the screen itself with its notice.
SpokenLine spoken_line(const ui::ViewModel& model, const ui::Translator& translator);

// Speech mode: what is said when the keypad's focus lands on a widget, in the model's language.
// The widget's own text, or words for what has none (pads, ◀ ▶ pagers); a form field by its
// label, and its value only with headphones in (a name is never said on the loudspeaker, nor a
// candidate of what the resident types); a chosen option says so. Empty: no label (a bug that
// the speech test catches).
std::string focus_label(const ui::Widget& widget, const ui::ViewModel& model,
                        const ui::Translator& translator);

// "HN-2026" -> "H N 2 0 2 6" (letters and digits one by one; separators dropped).
std::string spoken_code(const std::string& code);
// 2050 fen -> "20元5角" / "20 yuan 50 fen"; 0 -> the word for free.
std::string spoken_amount(int fen, ui::Language language, const ui::Translator& translator);
// "2026-12-20" -> "2026年12月20日" / "20 December 2026"; anything else as it is.
std::string spoken_date(const std::string& iso, ui::Language language);

}  // namespace yiwang::kiosk
