// yiwang-usb-copy: the privileged one-shot helper behind yiwang-usb-copy.socket (Accept=yes, one
// instance per connection, the socket on standard input and output). It reads one request line
// from the kiosk, copies that bundle to the first USB stick, and answers in one line.
//   yiwang-usb-copy --source DIR --mount-dir DIR [--device DEV --fs-type TYPE | --stand-in DIR]
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "common/usb_copy.h"

int main(int argc, char** argv) {
  yiwang::drivers::UsbCopyConfig config;
  config.source_dir = "/var/lib/yiwang/usb-bundle";
  config.mount_dir = "/run/yiwang-usb-copy";
  std::string device;
  std::string fs_type;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "yiwang-usb-copy: %s needs a value\n", flag.c_str());
      return 2;
    }
    const std::string value = argv[++i];
    if (flag == "--source") {
      config.source_dir = value;
    } else if (flag == "--mount-dir") {
      config.mount_dir = value;
    } else if (flag == "--device") {
      device = value;
    } else if (flag == "--fs-type") {
      fs_type = value;
    } else if (flag == "--stand-in") {
      config.stand_in_dir = value;
    } else {
      std::fprintf(stderr, "yiwang-usb-copy: unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  if (!device.empty()) config.device = yiwang::drivers::UsbStick{device, fs_type, ""};
  // One line, at most 256 bytes: a bundle's name is shorter than that.
  std::string request;
  char c = 0;
  while (request.size() < 256 && ::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') request += c;
  const std::string answer = yiwang::drivers::serve_usb_copy(request, config);
  // The journal keeps what was done (no personal data: a bundle has none, and only its name and
  // the device are said).
  std::fprintf(stderr, "yiwang-usb-copy: %s\n", answer.c_str());
  const std::string line = answer + "\n";
  const bool sent =
      ::write(STDOUT_FILENO, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  return answer.rfind("ok ", 0) == 0 && sent ? 0 : 1;
}
