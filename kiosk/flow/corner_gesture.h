// The hidden way into maintenance mode: a long press (2 s) in the top-left corner, then within
// 10 s a long press in the top-right corner. Any other touch in between starts over.
#pragma once

namespace yiwang::kiosk {

class CornerGesture {
 public:
  static constexpr int kCornerPx = 160;
  static constexpr long long kLongPressMs = 2000;
  static constexpr long long kBetweenMs = 10000;

  enum class Result {
    none,      // an ordinary touch: the widget under it acts as usual
    corner,    // a long press in a corner: swallowed (the widget there does not act)
    completed  // the second corner: ask for the PIN
  };

  CornerGesture(int width, int height) : width_(width), height_(height) {}
  // Touches in the order they happened, with the monotonic time of each.
  Result touch(bool down, int x, int y, long long now_ms);

 private:
  enum class Corner { none, left, right };
  Corner corner_of(int x, int y) const;

  int width_;
  int height_;
  Corner pressed_ = Corner::none;
  long long pressed_ms_ = 0;
  bool left_done_ = false;
  long long left_done_ms_ = 0;
};

}  // namespace yiwang::kiosk
