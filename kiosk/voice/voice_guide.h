// Voice guidance: text spoken with espeak-ng (Mandarin "cmn", English "en") on a thread of its
// own and handed as PCM to an AudioOut. The latest line wins: saying something new interrupts
// what is being said. Volume, repeat, stop. Nothing it is given is logged or kept beyond the
// last line (for repeat), which forget() wipes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"

namespace yiwang::kiosk {

// Where the voice's samples go (the SDL audio device in the kiosk; a recorder in tests). A line
// comes as one play() with its first samples, then append() with the rest as it is synthesised.
class AudioOut {
 public:
  virtual ~AudioOut() = default;
  // Plays these samples (mono, signed 16-bit) at once, replacing whatever was playing: a line's
  // first chunk.
  virtual void play(std::vector<std::int16_t> samples, int sample_rate) = 0;
  // Plays these after what is playing (the rest of the same line, a chunk at a time).
  virtual void append(std::vector<std::int16_t> samples, int sample_rate) = 0;
  // Silence now.
  virtual void stop() = 0;
  // Nothing has been said for VoiceSettings::release_audio_ms: let the device go (an open audio
  // subsystem keeps threads that wake the kiosk while it is idle). False while it is still
  // playing: asked again later. The next play() takes it back.
  virtual bool release() { return true; }
  // Samples handed over are still to be heard (a line's end is reported once they are not).
  virtual bool playing() const { return false; }
  // On the voice thread, as it ends: free what the thread itself holds (SDL keeps per-thread
  // data that only threads SDL started free on their own).
  virtual void thread_ends() {}
};

struct Utterance {
  std::string text;      // UTF-8
  std::string language;  // "zh", "en" or a locale's code (VoiceSettings::voices)
};

struct VoiceSettings {
  std::string data_path;  // espeak-ng's data folder; "" its default
  // The espeak-ng voice of each language code (the kiosk fills it from the translation data:
  // I18n::voices()); a code not here is spoken with "en".
  std::map<std::string, std::string> voices{{"zh", "cmn"}, {"en", "en"}};
  int volume = 80;     // 0..100
  int rate_wpm = 150;  // words a minute (espeak-ng's default 175 is fast for many elderly)
  // Silence this long after the last line: the AudioOut is released (AudioOut::release).
  int release_audio_ms = 10000;
};

// The espeak-ng voice a line in this language is said with: voices' entry, else "en".
std::string espeak_voice(const std::map<std::string, std::string>& voices,
                         const std::string& language);

// A line in sentences (after 。？！；, or . ? ! ; and a space), each with its punctuation,
// synthesised one after the other (a newer line is taken between two).
std::vector<std::string> sentences(const std::string& text);

// espeak-ng is one engine per process: make one VoiceGuide and share it; a second is refused.
class VoiceGuide {
 public:
  // What the voice thread tells, each optional.
  struct Callbacks {
    // A line starts being played, with its text (the caption).
    std::function<void(const Utterance&)> started;
    // Once: the engine is up (""), or why it cannot speak.
    std::function<void(const std::string& failure)> ready;
    // A line was played to its end: synthesised whole and no longer playing, not cut by a newer
    // line or stop().
    std::function<void(const Utterance&)> played;
  };
  // Returns at once: the engine starts on the voice thread (espeak-ng's Mandarin dictionary takes
  // seconds on a slow board, which the UI thread must not wait for). Lines said meanwhile wait
  // for it (the latest one wins). Refused only when another guide runs.
  static Result<std::unique_ptr<VoiceGuide>, std::string> start(VoiceSettings settings,
                                                                AudioOut& out,
                                                                Callbacks callbacks = {});
  ~VoiceGuide();
  VoiceGuide(const VoiceGuide&) = delete;
  VoiceGuide& operator=(const VoiceGuide&) = delete;
  VoiceGuide(VoiceGuide&&) = delete;
  VoiceGuide& operator=(VoiceGuide&&) = delete;

  void say(Utterance line);  // interrupts what is being said
  void repeat();             // the last line again
  void stop();               // silence; the last line is kept for repeat
  void set_volume(int volume);
  int volume() const;
  // Silence, and the last line overwritten and dropped (the resident has gone).
  void forget();
  // Lines started so far (their first samples played), and lines synthesised to their end (not
  // cut by a newer line): tests.
  int spoken() const;
  int finished() const;
  // The espeak-ng voice the last line was synthesised with ("cmn" before any): tests.
  std::string voice() const;
  // Waits for the engine to start: "" when it did, else why not (tests, the bench).
  std::string wait_until_ready() const;
  // The engine could not start (known without waiting): nothing will be said.
  bool failed() const;

 private:
  VoiceGuide(VoiceSettings settings, AudioOut& out, Callbacks callbacks);
  void run();
  // Waits for the next line; while the audio is held, lets it go after release_audio_ms of
  // silence. Empty when the guide is quitting.
  std::optional<Utterance> next_line(bool& audio_held);
  // After a line was synthesised whole: waits until out_ has played it (true), or a newer line,
  // stop() or the end came first (false).
  bool wait_played();

  VoiceSettings settings_;
  AudioOut& out_;
  Callbacks callbacks_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Utterance> pending_;       // with mutex_
  Utterance last_;                         // with mutex_
  bool quit_ = false;                      // with mutex_
  int spoken_ = 0;                         // with mutex_
  int finished_ = 0;                       // with mutex_
  std::string voice_ = "cmn";              // with mutex_
  std::atomic<bool> newer_line_{false};    // a line waits: the one being synthesised is dropped
  std::shared_future<std::string> ready_;  // the engine's start: "" or why it failed
  std::thread thread_;
};

// A code said character by character ("T4601" -> "T 4 6 0 1"), so that a case number is spoken
// digit by digit in either language.
std::string spelled(const std::string& code);

}  // namespace yiwang::kiosk
