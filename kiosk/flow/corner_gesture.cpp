// CornerGesture: two long presses, top-left then top-right, within a time limit.
#include "flow/corner_gesture.h"

namespace yiwang::kiosk {

CornerGesture::Corner CornerGesture::corner_of(int x, int y) const {
  if (y < 0 || y >= kCornerPx) return Corner::none;
  if (x >= 0 && x < kCornerPx) return Corner::left;
  if (x >= width_ - kCornerPx && x < width_) return Corner::right;
  return Corner::none;
}

CornerGesture::Result CornerGesture::touch(bool down, int x, int y, long long now_ms) {
  const Corner corner = corner_of(x, y);
  if (y >= height_) return Result::none;
  if (down) {
    pressed_ = corner;
    pressed_ms_ = now_ms;
    return Result::none;
  }
  const bool long_press =
      corner != Corner::none && corner == pressed_ && now_ms - pressed_ms_ >= kLongPressMs;
  pressed_ = Corner::none;
  if (!long_press) {
    left_done_ = false;  // anything else starts over
    return Result::none;
  }
  if (corner == Corner::left) {
    left_done_ = true;
    left_done_ms_ = now_ms;
    return Result::corner;
  }
  const bool in_time = left_done_ && now_ms - left_done_ms_ <= kBetweenMs;
  left_done_ = false;
  return in_time ? Result::completed : Result::corner;
}

}  // namespace yiwang::kiosk
