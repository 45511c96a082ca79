// Display rotation and touch calibration: the frame placed whole on the panel at every rotation,
// touches mapped back, the three-point calibration solved, the setting's text form.
#include <doctest/doctest.h>

#include <cmath>

#include "services/display_setting.h"

using namespace yiwang::kiosk;

namespace {

bool near(PointF a, PointF b, double eps = 1e-6) {
  return std::fabs(a.x - b.x) < eps && std::fabs(a.y - b.y) < eps;
}

}  // namespace

TEST_CASE("at every rotation the whole frame lands inside the panel, and touches map back") {
  for (int rotation : {0, 90, 180, 270}) {
    for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1080, 1920}, std::pair{800, 1280}}) {
      CAPTURE(rotation);
      CAPTURE(w);
      const Placement p = place_frame(rotation, w, h, 1920, 1080);
      for (PointF corner : {PointF{0, 0}, PointF{1920, 0}, PointF{0, 1080}, PointF{1920, 1080}}) {
        const PointF o = frame_to_output(p, corner);
        CHECK(o.x >= -1e-6);
        CHECK(o.y >= -1e-6);
        CHECK(o.x <= w + 1e-6);
        CHECK(o.y <= h + 1e-6);
      }
      for (PointF f : {PointF{10, 20}, PointF{960, 540}, PointF{1900, 1070}})
        CHECK(near(output_to_frame(p, frame_to_output(p, f)), f));
    }
  }
  // Mounted a quarter turn clockwise on a portrait panel: the frame's top-left corner is at the
  // panel's top-right, and the frame fills the panel (1080 wide: its height fits at 1:1).
  const Placement portrait = place_frame(90, 1080, 1920, 1920, 1080);
  CHECK(near(frame_to_output(portrait, {0, 0}), {1080, 0}, 1e-6));
  CHECK(near(frame_to_output(portrait, {1920, 1080}), {0, 1920}, 1e-6));
  CHECK(std::fabs(portrait.scale - 1.0) < 1e-9);
  // Upside down on a landscape panel: the top-left is the bottom-right.
  CHECK(near(frame_to_output(place_frame(180, 1920, 1080, 1920, 1080), {0, 0}), {1920, 1080}));
}

TEST_CASE("three touches give the calibration that puts them on their targets") {
  const auto targets = calibration_targets(1920, 1080);
  // A panel touched 30 px right and 12 px low of where it shows, and 2% too wide.
  auto off = [](PointF t) { return PointF{t.x * 1.02 + 30, t.y + 12}; };
  const std::array<PointF, 3> touched{off(targets[0]), off(targets[1]), off(targets[2])};
  const auto m = solve_calibration(targets, touched);
  REQUIRE(m);
  for (const auto& t : targets) CHECK(near(apply_affine(*m, off(t)), t, 1e-6));
  CHECK(near(apply_affine(*m, off({700, 300})), {700, 300}, 1e-6));
  // Three touches on one line, or a mirrored panel: refused, the old calibration stays.
  CHECK_FALSE(solve_calibration(targets, {PointF{0, 0}, PointF{100, 100}, PointF{200, 200}}));
  CHECK_FALSE(solve_calibration(targets, {PointF{1920 - targets[0].x, targets[0].y},
                                          PointF{1920 - targets[1].x, targets[1].y},
                                          PointF{1920 - targets[2].x, targets[2].y}}));
}

TEST_CASE("the setting's text form round-trips; anything else is refused") {
  DisplaySetting s;
  s.rotation = 270;
  s.touch = {1.02, 0.001, -30.5, 0, 0.99, 12.25};
  const auto back = parse_display_setting(to_text(s));
  REQUIRE(back);
  CHECK(back->rotation == 270);
  for (std::size_t i = 0; i < 6; ++i) CHECK(std::fabs(back->touch[i] - s.touch[i]) < 1e-6);
  CHECK(parse_display_setting(to_text(DisplaySetting{})) == DisplaySetting{});
  CHECK_FALSE(parse_display_setting("rotation=45 touch=1,0,0,0,1,0"));
  CHECK_FALSE(parse_display_setting("rotation=90 touch=1,0,0,0,1"));
  CHECK_FALSE(parse_display_setting("rotation=90 touch=1,0,0,0,1,nan"));
  CHECK_FALSE(parse_display_setting("rotation=90 touch=1,0,0,0,1,0 extra"));
}
