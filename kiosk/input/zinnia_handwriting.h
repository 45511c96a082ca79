// Handwriting recognition through zinnia with the simplified-Chinese model (Debian:
// tegaki-zinnia-simplified-chinese). The model ranks by stroke order as well as shape, and
// residents do not all write in the textbook order (nor did the model's writers: its 长 puts the
// 撇 third): the strokes are also tried with one stroke moved one or two places, the latest
// strokes first, and every character keeps its best score, less a little per place moved.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "toolkit/input_method.h"

struct zinnia_recognizer_t;

namespace yiwang::kiosk {

struct HandwritingSettings {
  std::string model = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";
  // With Effort::thorough, besides the strokes as written, up to this many orders with one
  // stroke moved one or two places (the latest strokes first).
  std::size_t reordered_variants = 12;
  float penalty_per_place = 0.1F;  // taken off a reordered variant's scores, per place moved
};

class ZinniaHandwriting final : public ui::HandwritingInput {
 public:
  static Result<std::unique_ptr<ZinniaHandwriting>, std::string> open(
      HandwritingSettings settings = {});
  using Opened = std::function<void(const std::string& error, long long ms)>;
  // Not opened yet: load() opens the model on a thread of its own and calls `done` there (an
  // error, or empty, and how long it took); ready() turns true once it is open. The kiosk calls
  // load() when handwriting is first chosen: its 12.8 MiB model is not read before.
  static std::unique_ptr<ZinniaHandwriting> later(HandwritingSettings settings = {},
                                                  Opened done = {});
  void load();  // once (UI thread)
  bool loading_started() const { return opener_.joinable() || ready_.load(); }
  ~ZinniaHandwriting() override;
  ZinniaHandwriting(const ZinniaHandwriting&) = delete;
  ZinniaHandwriting& operator=(const ZinniaHandwriting&) = delete;
  ZinniaHandwriting(ZinniaHandwriting&&) = delete;
  ZinniaHandwriting& operator=(ZinniaHandwriting&&) = delete;

  bool ready() const override { return ready_.load(); }
  std::vector<std::string> recognise(const std::vector<ui::PenStroke>& strokes, int width,
                                     int height, std::size_t count, Effort effort) const override;
  // How many characters the model knows.
  std::size_t characters() const;
  // True when the model has learnt `character` (one UTF-8 character): whatever is drawn, one it
  // has not learnt is never a candidate.
  bool knows(const std::string& character) const;

 private:
  ZinniaHandwriting(HandwritingSettings settings, zinnia_recognizer_t* recognizer);
  HandwritingSettings settings_;
  Opened done_;
  mutable std::mutex mutex_;         // zinnia's recognizer is not documented as thread-safe
  zinnia_recognizer_t* recognizer_;  // with mutex_ held; null until open
  std::atomic<bool> ready_{false};
  std::thread opener_;
};

// Reads strokes from text: one stroke a line, points as "x,y" separated by spaces; lines
// starting with '#' are comments. Bounded: at most 64 strokes of 2 048 points.
Result<std::vector<ui::PenStroke>, std::string> parse_strokes(const std::string& text);

}  // namespace yiwang::kiosk
