// Display rotation and three-point touch calibration: text form, placement on the panel, the
// inverse for touches, and the affine solved from three touches.
#include "services/display_setting.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace yiwang::kiosk {

std::string to_text(const DisplaySetting& setting) {
  std::ostringstream out;
  out.precision(9);
  out << "rotation=" << setting.rotation << " touch=";
  for (std::size_t i = 0; i < setting.touch.size(); ++i) out << (i ? "," : "") << setting.touch[i];
  return out.str();
}

std::optional<DisplaySetting> parse_display_setting(const std::string& text) {
  DisplaySetting setting;
  int consumed = 0;
  Affine& m = setting.touch;
  if (std::sscanf(text.c_str(), "rotation=%d touch=%lf,%lf,%lf,%lf,%lf,%lf%n", &setting.rotation,
                  &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &consumed) != 7 ||
      static_cast<std::size_t>(consumed) != text.size())
    return std::nullopt;
  if (setting.rotation != 0 && setting.rotation != 90 && setting.rotation != 180 &&
      setting.rotation != 270)
    return std::nullopt;
  for (double v : m)
    if (!std::isfinite(v)) return std::nullopt;
  return setting;
}

Placement place_frame(int rotation, int out_w, int out_h, int frame_w, int frame_h) {
  Placement p;
  p.rotation = rotation;
  const bool sideways = rotation == 90 || rotation == 270;
  // The rotated frame's bounding box is frame_h x frame_w when sideways.
  const double box_w = sideways ? frame_h : frame_w;
  const double box_h = sideways ? frame_w : frame_h;
  p.scale = std::min(out_w / box_w, out_h / box_h);
  p.w = frame_w * p.scale;
  p.h = frame_h * p.scale;
  // Centred: SDL rotates about the rectangle's centre, which stays the output's centre.
  p.x = (out_w - p.w) / 2.0;
  p.y = (out_h - p.h) / 2.0;
  return p;
}

PointF frame_to_output(const Placement& p, PointF f) {
  // Scale into the rectangle, then rotate clockwise about its centre.
  const double cx = p.x + p.w / 2.0;
  const double cy = p.y + p.h / 2.0;
  const double dx = p.x + f.x * p.scale - cx;
  const double dy = p.y + f.y * p.scale - cy;
  switch (p.rotation) {
    case 90:
      return {cx - dy, cy + dx};
    case 180:
      return {cx - dx, cy - dy};
    case 270:
      return {cx + dy, cy - dx};
    default:
      return {cx + dx, cy + dy};
  }
}

PointF output_to_frame(const Placement& p, PointF o) {
  const double cx = p.x + p.w / 2.0;
  const double cy = p.y + p.h / 2.0;
  const double ox = o.x - cx;
  const double oy = o.y - cy;
  double dx = ox;
  double dy = oy;
  switch (p.rotation) {
    case 90:
      dx = oy;
      dy = -ox;
      break;
    case 180:
      dx = -ox;
      dy = -oy;
      break;
    case 270:
      dx = -oy;
      dy = ox;
      break;
    default:
      break;
  }
  return {(cx + dx - p.x) / p.scale, (cy + dy - p.y) / p.scale};
}

PointF apply_affine(const Affine& m, PointF p) {
  return {m[0] * p.x + m[1] * p.y + m[2], m[3] * p.x + m[4] * p.y + m[5]};
}

std::optional<Affine> solve_calibration(const std::array<PointF, 3>& targets,
                                        const std::array<PointF, 3>& touched) {
  // Solve [x y 1] * coefficients = target for x' and y' separately (Cramer's rule).
  const auto& t = touched;
  const double det =
      t[0].x * (t[1].y - t[2].y) - t[0].y * (t[1].x - t[2].x) + (t[1].x * t[2].y - t[2].x * t[1].y);
  if (std::fabs(det) < 1000.0) return std::nullopt;  // three touches on (nearly) one line
  auto solve = [&](double r0, double r1, double r2) {
    const double a =
        (r0 * (t[1].y - t[2].y) - t[0].y * (r1 - r2) + (r1 * t[2].y - r2 * t[1].y)) / det;
    const double b =
        (t[0].x * (r1 - r2) - r0 * (t[1].x - t[2].x) + (t[1].x * r2 - t[2].x * r1)) / det;
    const double c = (t[0].x * (t[1].y * r2 - t[2].y * r1) - t[0].y * (t[1].x * r2 - t[2].x * r1) +
                      r0 * (t[1].x * t[2].y - t[2].x * t[1].y)) /
                     det;
    return std::array<double, 3>{a, b, c};
  };
  const auto x = solve(targets[0].x, targets[1].x, targets[2].x);
  const auto y = solve(targets[0].y, targets[1].y, targets[2].y);
  const Affine m{x[0], x[1], x[2], y[0], y[1], y[2]};
  // A real panel is off by a little, not mirrored or squashed: refuse wild results (a slip).
  if (m[0] < 0.5 || m[0] > 2 || m[4] < 0.5 || m[4] > 2 || std::fabs(m[1]) > 0.5 ||
      std::fabs(m[3]) > 0.5)
    return std::nullopt;
  return m;
}

std::array<PointF, 3> calibration_targets(int frame_w, int frame_h) {
  return {PointF{frame_w * 0.1, frame_h * 0.15}, PointF{frame_w * 0.9, frame_h * 0.5},
          PointF{frame_w * 0.3, frame_h * 0.85}};
}

}  // namespace yiwang::kiosk
