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
// The least size text is shrunk to when it does not fit its widget (Canvas::fit); elder mode's
// least is kElderSmallPx.
inline constexpr int kLeastPx = 22;

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

// Elder mode (大字模式): type at least 40 px at 1080p, touch targets at least 120 px both ways and
// 24 px apart, and darker twins of the colours text is drawn in or on (contrast >= 7:1; the
// normal palette is held to 4.5:1). elder_color() maps a colour to its twin.
inline constexpr int kElderTitlePx = 64;
inline constexpr int kElderHeadingPx = 52;
inline constexpr int kElderBodyPx = 44;
inline constexpr int kElderSmallPx = 40;
inline constexpr int kElderHeaderHeight = 160;
inline constexpr int kElderTargetPx = 120;
inline constexpr int kElderGapPx = 24;
inline constexpr int kElderFooterHeight = 136;  // the voice bar's targets, 8 px above and below
inline constexpr Color kElderHeader{130, 18, 26};
inline constexpr Color kElderPrimary{150, 20, 30};
inline constexpr Color kElderMuted{60, 64, 70};
inline constexpr Color kElderError{150, 0, 0};
inline constexpr Color kElderOk{10, 90, 40};

constexpr bool same(Color a, Color b) { return a.r == b.r && a.g == b.g && a.b == b.b; }
constexpr Color elder_color(Color c) {
  if (same(c, kHeader)) return kElderHeader;
  if (same(c, kPrimary)) return kElderPrimary;
  if (same(c, kMuted)) return kElderMuted;
  if (same(c, kError)) return kElderError;
  if (same(c, kOk)) return kElderOk;
  return c;
}
}  // namespace theme

}  // namespace yiwang::ui
