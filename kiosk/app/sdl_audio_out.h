// The voice's AudioOut on an SDL audio device: mono signed 16-bit, queued (SDL_QueueAudio), a
// new line clearing what is still queued. SDL's audio subsystem is started on the first line (on
// the voice thread) and stopped again when the voice releases it after a silence: while it runs,
// SDL's ALSA back end keeps a hot-plug thread that wakes ten times a second.
#pragma once

#include <SDL.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "voice/voice_guide.h"

namespace yiwang::kiosk {

class SdlAudioOut final : public AudioOut {
 public:
  // Nothing is opened yet (SDL_AUDIODRIVER chooses the driver when it is; "disk" writes to
  // SDL_DISKAUDIOFILE, which tests and the bench use). A device that does not work shows in
  // failed() after the line that tried it.
  SdlAudioOut() = default;
  ~SdlAudioOut() override;
  SdlAudioOut(const SdlAudioOut&) = delete;
  SdlAudioOut& operator=(const SdlAudioOut&) = delete;
  SdlAudioOut(SdlAudioOut&&) = delete;
  SdlAudioOut& operator=(SdlAudioOut&&) = delete;

  void play(std::vector<std::int16_t> samples, int sample_rate) override;
  void append(std::vector<std::int16_t> samples, int sample_rate) override;
  void stop() override;
  // Closes the device and stops SDL's audio subsystem, unless samples are still queued.
  bool release() override;
  bool playing() const override;                     // samples still queued
  void thread_ends() override { SDL_TLSCleanup(); }  // SDL's error buffer of this thread
  std::string failed() const;                        // the last device error, "" none
  bool running() const;                              // the audio subsystem is started (tests)

 private:
  // Queues the samples, after clearing what is queued when `replace`. With mutex_ held.
  void queue(const std::vector<std::int16_t>& samples, int sample_rate, bool replace);
  void close();         // with mutex_ held
  bool queued() const;  // samples wait in the device's queue; with mutex_ held
  mutable std::mutex mutex_;
  bool subsystem_ = false;        // with mutex_: SDL_INIT_AUDIO is ours
  SDL_AudioDeviceID device_ = 0;  // with mutex_
  int rate_ = 0;                  // with mutex_
  std::string failure_;           // with mutex_
  // With mutex_: when the subsystem last failed to start, if it did.
  std::optional<std::chrono::steady_clock::time_point> last_failed_;
};

}  // namespace yiwang::kiosk
