// ServingChild: a forked child answering the parent's lines, under a watchdog.
#include "child_process.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <string>

namespace accelbench {
namespace {

void echo(LineChannel& channel) {
  std::string line;
  while (channel.receive(line, 60) == LineChannel::Received::kLine) {
    if (line == "crash") std::raise(SIGSEGV);
    if (line == "hang") {
      for (;;) pause();
    }
    if (line == "quit") return;
    channel.send("echo " + line);
  }
}

TEST(ServingChild, AnswersEachLineInTurn) {
  ServingChild child(echo);
  ASSERT_EQ(child.spawn_error(), "");
  std::string line;
  for (const char* request : {"one", "two"}) {
    ASSERT_TRUE(child.send(request));
    ASSERT_TRUE(child.receive(line, 10));
    EXPECT_EQ(line, std::string("echo ") + request);
  }
  ASSERT_TRUE(child.send("quit"));
  EXPECT_FALSE(child.receive(line, 10));
  EXPECT_FALSE(child.outcome().timed_out);
  EXPECT_FALSE(child.outcome().signal.has_value());
  EXPECT_EQ(child.outcome().exit_code, 0);
}

// A child killed between requests (the out-of-memory killer, say): the next
// request fails, and does not end this process with SIGPIPE.
TEST(ServingChild, ARequestToAChildThatIsGoneFails) {
  ServingChild child(echo);
  std::string line;
  ASSERT_TRUE(child.send("quit"));
  EXPECT_FALSE(child.receive(line, 10));
  EXPECT_FALSE(child.send("one"));
  EXPECT_FALSE(child.outcome().timed_out);
}

TEST(ServingChild, ACrashIsItsSignal) {
  ServingChild child(echo);
  std::string line;
  ASSERT_TRUE(child.send("crash"));
  EXPECT_FALSE(child.receive(line, 10));
  ASSERT_TRUE(child.outcome().signal.has_value());
  EXPECT_EQ(*child.outcome().signal, SIGSEGV);
}

TEST(ServingChild, TheWatchdogKillsAHang) {
  ServingChild child(echo);
  std::string line;
  ASSERT_TRUE(child.send("hang"));
  EXPECT_FALSE(child.receive(line, 0.2));
  EXPECT_TRUE(child.outcome().timed_out);
}

}  // namespace
}  // namespace accelbench
