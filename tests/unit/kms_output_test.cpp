// The KMS output's choice of connector and mode (drivers/display/kms_output.h), and its clear
// refusal where there is no card; the frames themselves are checked on a real card by the image's
// boot test (a screendump of qemu's panel).
#include <doctest/doctest.h>

#include "display/kms_output.h"

using yiwang::drivers::choose_output;
using yiwang::drivers::KmsConnector;
using yiwang::drivers::KmsOutput;

TEST_CASE("kms: the first connected connector, its preferred mode") {
  KmsConnector off{1, false, "HDMI-A-1", 0, {{3840, 2160, 60}}};
  KmsConnector panel{2, true, "eDP-1", 1, {{1280, 720, 60}, {1920, 1080, 60}, {2560, 1440, 60}}};
  size_t connector = 9, mode = 9;
  REQUIRE(choose_output({off, panel}, connector, mode));
  CHECK(connector == 1);
  CHECK(mode == 1);  // preferred, not the largest
}

TEST_CASE("kms: no preferred mode: the largest") {
  KmsConnector panel{2, true, "DSI-1", -1, {{800, 1280, 60}, {1080, 1920, 60}, {720, 1280, 60}}};
  size_t connector = 9, mode = 9;
  REQUIRE(choose_output({panel}, connector, mode));
  CHECK(connector == 0);
  CHECK(mode == 1);
}

TEST_CASE("kms: nothing connected, or connected without modes: no output") {
  KmsConnector unplugged{1, false, "HDMI-A-1", 0, {{1920, 1080, 60}}};
  KmsConnector empty{2, true, "Virtual-1", -1, {}};
  size_t connector = 0, mode = 0;
  CHECK_FALSE(choose_output({unplugged, empty}, connector, mode));
  CHECK_FALSE(choose_output({}, connector, mode));
}

TEST_CASE("kms: a card that is not there is refused with its name") {
  auto missing = KmsOutput::open("/nonexistent/dri/card7");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().find("/nonexistent/dri/card7") != std::string::npos);
  // Not a DRM device: a character device with no KMS resources.
  auto not_drm = KmsOutput::open("/dev/null");
  REQUIRE_FALSE(not_drm.ok());
  CHECK(not_drm.error().find("not a display controller") != std::string::npos);
}
