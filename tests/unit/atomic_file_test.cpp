#include "atomic_file.h"

#include <accelbench/error.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace accelbench {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/accelbench-atomic-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    folder_ = pattern;
  }
  void TearDown() override { fs::remove_all(folder_); }

  static void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }
  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  // The message of the usage error check_writable throws, or "" when none.
  static std::string refusal(const fs::path& out, const std::vector<std::string>& inputs = {}) {
    try {
      check_writable(out, inputs);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
      return e.what();
    }
    return "";
  }
  // A PID that no process has: a child that has exited and been reaped.
  static pid_t dead_pid() {
    const pid_t child = fork();
    if (child == 0) _exit(0);
    waitpid(child, nullptr, 0);
    return child;
  }
  // The name another process of this host would give its temporary.
  static fs::path temporary_of(const fs::path& target, pid_t pid) {
    std::string name = temporary_path_for(target).filename().string();
    name = name.substr(0, name.rfind('.') + 1) + std::to_string(pid);
    return target.parent_path() / name;
  }
  fs::path folder_;
};

TEST_F(AtomicFile, WritesTheWholeFileAndLeavesNoTemporary) {
  const fs::path out = folder_ / "r.json";
  write_file_atomically(out, "new");
  write_file_atomically(out, "newer");
  EXPECT_EQ(read(out), "newer");
  EXPECT_EQ(std::distance(fs::directory_iterator(folder_), fs::directory_iterator()), 1);
}

TEST_F(AtomicFile, TemporaryNamesSayWhoseTheyAre) {
  const std::string name = temporary_path_for(folder_ / "r.json").filename().string();
  EXPECT_EQ(name.rfind(".r.json.accelbench-tmp.", 0), 0u) << name;
  EXPECT_EQ(name.substr(name.rfind('.') + 1), std::to_string(getpid())) << name;
}

TEST_F(AtomicFile, AnOutputThatIsAnInputIsRefusedByIdentityNotName) {
  const fs::path input = folder_ / "in.json";
  write(input, "input");
  fs::create_symlink(input, folder_ / "link.json");
  fs::create_hard_link(input, folder_ / "hard.json");
  const std::vector<std::string> inputs{(folder_ / "other.json").string(), input.string()};
  EXPECT_NE(refusal(input, inputs).find("is the same file as the input"), std::string::npos);
  EXPECT_NE(refusal(folder_ / "hard.json", inputs).find("same file"), std::string::npos);
  EXPECT_NE(refusal(folder_ / "link.json", inputs).find("same file"), std::string::npos);
  // The same file under another spelling of its path.
  EXPECT_NE(refusal(folder_ / "." / "in.json", inputs).find("same file"), std::string::npos);
  // An input given through a link to the output.
  EXPECT_NE(refusal(input, {(folder_ / "link.json").string()}).find("same file"),
            std::string::npos);
  EXPECT_EQ(refusal(folder_ / "fresh.json", inputs), "");
  EXPECT_EQ(read(input), "input");
}

TEST_F(AtomicFile, ExistingTargetsThatAreNotRegularFilesAreRefused) {
  write(folder_ / "regular.json", "x");
  fs::create_symlink(folder_ / "regular.json", folder_ / "link.json");
  fs::create_directory(folder_ / "dir");
  ASSERT_EQ(mkfifo((folder_ / "fifo").c_str(), 0644), 0);
  EXPECT_NE(refusal(folder_ / "link.json").find("symbolic link"), std::string::npos);
  EXPECT_NE(refusal(folder_ / "dir").find("a directory"), std::string::npos);
  EXPECT_NE(refusal(folder_ / "fifo").find("named pipe"), std::string::npos);
  EXPECT_NE(refusal("/dev/null").find("a device"), std::string::npos);
  EXPECT_EQ(refusal(folder_ / "regular.json"), "");
  EXPECT_EQ(refusal(folder_ / "missing.json"), "");
  EXPECT_NE(refusal(folder_ / "no-such-folder" / "r.json").find("cannot write there"),
            std::string::npos);
  // Nothing was created by the checks.
  EXPECT_EQ(std::distance(fs::directory_iterator(folder_), fs::directory_iterator()), 4);
}

TEST_F(AtomicFile, ATargetThatBecameAFifoIsNotReplaced) {
  const fs::path out = folder_ / "r.json";
  ASSERT_EQ(mkfifo(out.c_str(), 0644), 0);
  EXPECT_THROW(write_file_atomically(out, "x"), Error);
  struct stat info {};
  ASSERT_EQ(lstat(out.c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode));
  EXPECT_EQ(std::distance(fs::directory_iterator(folder_), fs::directory_iterator()), 1);
}

TEST_F(AtomicFile, TheNextWriteRemovesTemporariesOfDeadRunsAndKeepsLiveOnes) {
  const fs::path dead = temporary_of(folder_ / "old.json", dead_pid());
  const fs::path live = temporary_of(folder_ / "busy.json", getppid());
  const fs::path foreign = folder_ / ".x.json.accelbench-tmp.otherhost.1";
  const fs::path old_foreign = folder_ / ".y.json.accelbench-tmp.otherhost.2";
  const fs::path unrelated = folder_ / ".z.json.tmp.1";
  for (const auto& p : {dead, live, foreign, old_foreign, unrelated}) write(p, "partial");
  const auto long_ago = fs::file_time_type::clock::now() -
                        std::chrono::hours(static_cast<int>(kStaleTemporaryHours) + 1);
  fs::last_write_time(old_foreign, long_ago);

  write_file_atomically(folder_ / "r.json", "results");
  EXPECT_FALSE(fs::exists(dead)) << "the temporary of a dead process stays";
  EXPECT_FALSE(fs::exists(old_foreign)) << "an old temporary of another host stays";
  EXPECT_TRUE(fs::exists(live)) << "the temporary of a live process was removed";
  EXPECT_TRUE(fs::exists(foreign)) << "a recent temporary of another host was removed";
  EXPECT_TRUE(fs::exists(unrelated)) << "a file accelbench did not name was removed";
  EXPECT_EQ(read(folder_ / "r.json"), "results");
}

}  // namespace
}  // namespace accelbench
