// Colours and sizes: large type and high contrast for elderly and low-vision residents.
#pragma once

#include <cstdint>

namespace yiwang::ui {

struct Color {
  std::uint8_t r, g, b, a = 255;
};

namespace theme {
inline constexpr int kWidth = 1920;
inline constexpr int kHeight = 1080;
inline constexpr int kHeaderHeight = 120;
inline constexpr int kFooterHeight = 64;
inline constexpr int kMargin = 60;

inline constexpr int kTitlePx = 56;
inline constexpr int kHeadingPx = 44;
inline constexpr int kBodyPx = 34;
inline constexpr int kSmallPx = 26;

inline constexpr Color kBackground{245, 247, 250};
inline constexpr Color kHeader{180, 30, 40};  // government red
inline constexpr Color kOnHeader{255, 255, 255};
inline constexpr Color kText{25, 28, 33};
inline constexpr Color kMuted{90, 96, 105};
inline constexpr Color kPrimary{190, 35, 45};
inline constexpr Color kOnPrimary{255, 255, 255};
inline constexpr Color kSecondary{255, 255, 255};
inline constexpr Color kBorder{200, 205, 212};
inline constexpr Color kDisabled{215, 218, 222};
inline constexpr Color kError{200, 0, 0};
inline constexpr Color kErrorBackground{255, 235, 235};
inline constexpr Color kOk{20, 120, 60};
inline constexpr Color kWarningBackground{255, 244, 214};
inline constexpr Color kSelected{255, 228, 230};
inline constexpr Color kOverlay{96, 98, 102};  // opaque: nothing is drawn beneath a modal
}  // namespace theme

}  // namespace yiwang::ui
