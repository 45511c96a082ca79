// What the on-screen keyboard asks of an input method: pinyin composition with candidates, and
// handwriting recognition. kiosk/ implements both (librime, zinnia); screens/ sees only this.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace yiwang::ui {

// The state of a pinyin composition: what was typed (segmented: "bei jing") and one page of
// candidates for it.
struct Composition {
  std::string preedit;                  // empty: nothing being composed
  std::vector<std::string> candidates;  // this page's candidates, best first
  int page = 0;
  bool has_previous_page = false;
  bool has_next_page = false;
};

class PinyinInput {
 public:
  virtual ~PinyinInput() = default;
  // Whether the engine has finished loading (it loads once, off the UI thread).
  virtual bool ready() const = 0;
  // A letter a-z, or an apostrophe (syllable separator). Anything else is ignored.
  virtual Composition type(char letter) = 0;
  virtual Composition backspace() = 0;
  // Next (+1) or previous (-1) page of candidates.
  virtual Composition turn_page(int direction) = 0;
  // Takes a candidate of the current page: the text to insert into the field, and what remains
  // to compose (a candidate may cover only the first syllables of what was typed).
  virtual std::string choose(std::size_t index, Composition& remaining) = 0;
  virtual Composition current() = 0;
  // Drops what is being composed (the field was left, another keyboard chosen).
  virtual void cancel() = 0;
  // Drops the composition and everything learnt: the resident has gone.
  virtual void forget_everything() = 0;
};

struct PenPoint {
  int x = 0;
  int y = 0;
};
using PenStroke = std::vector<PenPoint>;

class HandwritingInput {
 public:
  virtual ~HandwritingInput() = default;
  virtual bool ready() const = 0;
  enum class Effort {
    quick,     // the strokes as written: tens of milliseconds, after every stroke
    thorough,  // also in other stroke orders: a few hundred milliseconds, once the pen rests
  };
  // The characters the strokes most likely are, best first (at most `count`). The pad is
  // width x height, y down.
  virtual std::vector<std::string> recognise(const std::vector<PenStroke>& strokes, int width,
                                             int height, std::size_t count,
                                             Effort effort) const = 0;
};

}  // namespace yiwang::ui
