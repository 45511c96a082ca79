// The display's one technician setting: rotation (0/90/180/270, as the panel is mounted) and a
// three-point touch calibration, kept in the kiosk's state; where the 1920x1080 frame goes on
// the panel, and where a touch on the panel lands in the frame.
#pragma once

#include <array>
#include <optional>
#include <string>

namespace yiwang::kiosk {

struct PointF {
  double x = 0;
  double y = 0;
};

// x' = m[0]*x + m[1]*y + m[2]; y' = m[3]*x + m[4]*y + m[5].
using Affine = std::array<double, 6>;
inline constexpr Affine kIdentity{1, 0, 0, 0, 1, 0};

struct DisplaySetting {
  int rotation = 0;          // clockwise degrees: 0, 90, 180, 270
  Affine touch = kIdentity;  // frame coordinates as touched -> where the finger really was
  bool operator==(const DisplaySetting&) const = default;
};

// "rotation=90 touch=a,b,c,d,e,f" (kept in the local state as display.setting).
std::string to_text(const DisplaySetting& setting);
// nullopt when the text is not one (a rotation other than the four, a non-finite number).
std::optional<DisplaySetting> parse_display_setting(const std::string& text);

// Where the frame goes on an output of out_w x out_h: the rectangle handed to SDL_RenderCopyEx
// (it rotates about the rectangle's centre), scaled to fit whole and centred.
struct Placement {
  double x = 0, y = 0, w = 0, h = 0;  // before the rotation
  double scale = 1;
  int rotation = 0;
};
Placement place_frame(int rotation, int out_w, int out_h, int frame_w, int frame_h);

// Output pixel -> frame coordinates (the inverse of the placement), not clamped.
PointF output_to_frame(const Placement& placement, PointF output);
// Frame coordinates -> output pixel (the placement): the frame's corners land inside the output.
PointF frame_to_output(const Placement& placement, PointF frame);

PointF apply_affine(const Affine& m, PointF p);
// The affine taking where three targets were touched to the targets themselves; nullopt when the
// touches are (nearly) on one line, or the result is far from a plausible correction.
std::optional<Affine> solve_calibration(const std::array<PointF, 3>& targets,
                                        const std::array<PointF, 3>& touched);

// The three targets of the calibration, in frame coordinates (10% in from the frame's edges).
std::array<PointF, 3> calibration_targets(int frame_w, int frame_h);

}  // namespace yiwang::kiosk
