// Where camera frames come from: a V4L2 camera, or a sequence of image files for tests and
// benchmarks. Frames are 8-bit grey (luma), which is all a QR decoder looks at.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace yiwang::drivers {

struct GrayFrame {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // row-major, width bytes per row
};

// Binary PGM (P5, maxval 255): the file source's format, and how tests write their corpus.
Result<GrayFrame, std::string> read_pgm(const std::string& path);
bool write_pgm(const std::string& path, const GrayFrame& frame);

struct SourceError {
  bool device_missing = false;  // unplugged or never there: status noDevice
  std::string message;
};

class ImageSource {
 public:
  virtual ~ImageSource() = default;
  virtual Result<Done, SourceError> open() = 0;
  virtual void close() = 0;
  // The next frame within timeout_ms; nullopt when none came (or a file sequence has ended).
  virtual Result<std::optional<GrayFrame>, SourceError> next(int timeout_ms) = 0;
  virtual std::string describe() const = 0;
};

// The files in order (a directory: its *.pgm files in name order); `loop` starts over at the end.
std::unique_ptr<ImageSource> make_file_source(std::string path_or_directory, bool loop);
// A V4L2 capture device (/dev/video*), streaming YUYV or GREY at about width x height.
std::unique_ptr<ImageSource> make_v4l2_source(std::string device, int width, int height);

}  // namespace yiwang::drivers
