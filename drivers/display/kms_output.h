// The display driven straight through DRM/KMS with two dumb buffers: no GL, no Mesa, no GBM.
//
// The kiosk draws with a software renderer anyway; SDL's KMSDRM driver would hand every frame to
// Mesa (EGL on GBM, llvmpipe on a board without a GPU) only to copy it into a scan-out buffer.
// Under qemu (virtio-gpu and std VGA alike) that path flipped buffers that stayed black, while
// the kernel's dumb buffers showed what was written into them: this output keeps to those. It
// takes whole XRGB8888 frames, copies them into the back buffer and page-flips to it at the next
// vertical blank (a mode set when the driver cannot flip).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace yiwang::drivers {

// A connector's candidate for the output, as read from the card: chosen by choose_output().
struct KmsConnector {
  uint32_t id = 0;
  bool connected = false;
  std::string name;         // "Virtual-1", "HDMI-A-1", ...
  int preferred_mode = -1;  // index into modes, -1 when the connector names none
  struct Mode {
    int width = 0;
    int height = 0;
    int refresh = 0;
  };
  std::vector<Mode> modes;
};

// Which connector and mode to drive: the first connected connector with a mode (its preferred
// one, else the largest). Returns false when none is connected.
bool choose_output(const std::vector<KmsConnector>& connectors, size_t& connector, size_t& mode);

class KmsOutput {
 public:
  // device: a DRM card node (/dev/dri/card0), or empty for the first card with a connected
  // display. Fails with a message that says which step failed (no card, no connector, no DRM
  // master, no dumb buffers).
  static Result<std::unique_ptr<KmsOutput>, std::string> open(const std::string& device);

  KmsOutput(const KmsOutput&) = delete;
  KmsOutput& operator=(const KmsOutput&) = delete;
  KmsOutput(KmsOutput&&) = delete;
  KmsOutput& operator=(KmsOutput&&) = delete;
  ~KmsOutput();

  int width() const;
  int height() const;
  int refresh() const;
  std::string description() const;  // "card0 Virtual-1 1920x1080@75, page flips"

  // Shows a frame of width() x height() XRGB8888 pixels (pitch in bytes): copied into the back
  // buffer, flipped to at the next vertical blank; waits for the previous flip first (at most
  // 100 ms). An error says why the frame is not on the panel.
  Result<Done, std::string> present(const uint8_t* pixels, int pitch);

  struct State;  // the card's file, buffers and mode: kms_output.cpp only

 private:
  explicit KmsOutput(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace yiwang::drivers
