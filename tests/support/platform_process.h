// Starts the real platform-sim executable on a free loopback port for a test, and stops it.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace yiwang::test {

class PlatformProcess {
 public:
  // A throw-away simulator with its own storage, on a free port.
  explicit PlatformProcess(const std::string& name, std::vector<std::string> extra = {})
      : PlatformProcess(std::filesystem::temp_directory_path() /
                            ("yiwang-sim-" + name + "-" + std::to_string(::getpid())),
                        0, std::move(extra), true) {}

  // A simulator whose storage lives in dir (kept), on port (0: any free port); starting another
  // with the same dir and port is a restart of the same platform.
  PlatformProcess(std::filesystem::path dir, int port, std::vector<std::string> extra,
                  bool remove_dir = false)
      : dir_(std::move(dir)), remove_dir_(remove_dir) {
    if (remove_dir_) std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::filesystem::remove(dir_ / "port");
    std::filesystem::remove(dir_ / "control-port");
    std::vector<std::string> args{YIWANG_PLATFORM_SIM,
                                  "--catalog",
                                  YIWANG_ASSETS_DIR "/catalog/demo-catalog.json",
                                  "--db",
                                  (dir_ / "platform.db").string(),
                                  "--port",
                                  std::to_string(port),
                                  "--port-file",
                                  (dir_ / "port").string(),
                                  "--control-port",
                                  "0",
                                  "--control-port-file",
                                  (dir_ / "control-port").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ);
    for (int i = 0; i < 3000 && port_ == 0; ++i) {  // up to 30 s (a county catalog under ASan)
      std::ifstream in(dir_ / "port");
      in >> port_;
      if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // Written before the port file.
    std::ifstream(dir_ / "control-port") >> control_port_;
  }
  ~PlatformProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    std::error_code ignored;
    if (remove_dir_) std::filesystem::remove_all(dir_, ignored);
  }
  PlatformProcess(const PlatformProcess&) = delete;
  PlatformProcess& operator=(const PlatformProcess&) = delete;

  bool running() const { return port_ > 0; }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string https_url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& dir() const { return dir_; }
  // The control surface (/_sim/*): plain HTTP on loopback, never the contract's port.
  int control_port() const { return control_port_; }
  std::string control_url() const { return "http://127.0.0.1:" + std::to_string(control_port_); }
  pid_t pid() const { return pid_; }
  // True while the process has not exited (a crash ends it).
  bool alive() const {
    int status = 0;
    return pid_ > 0 && ::waitpid(pid_, &status, WNOHANG) == 0;
  }

 private:
  std::filesystem::path dir_;
  bool remove_dir_ = false;
  pid_t pid_ = -1;
  int port_ = 0;
  int control_port_ = 0;
};

}  // namespace yiwang::test
