// The consumer build must have failed for one reason only: the tight TTFT objective, reported
// with the readable verdict; the other test (generous objectives, run saved in a store) passed.
def reports = new File(basedir, 'target/surefire-reports')
def meets = new File(reports, 'TEST-com.example.chat.ChatMeetsSlosTest.xml')
def misses = new File(reports, 'TEST-com.example.chat.ChatMissesTightSloTest.xml')
assert meets.isFile() : "no surefire report for ChatMeetsSlosTest: the consumer project did not compile or run"
assert misses.isFile() : "no surefire report for ChatMissesTightSloTest"

def passed = new groovy.xml.XmlSlurper().parse(meets)
assert passed.@tests.toString() == '1' && passed.@failures.toString() == '0' && passed.@errors.toString() == '0' :
        "ChatMeetsSlosTest should pass, but: tests=${passed.@tests} failures=${passed.@failures} errors=${passed.@errors}"

def failed = new groovy.xml.XmlSlurper().parse(misses)
assert failed.@failures.toString() == '1' && failed.@errors.toString() == '0' :
        "ChatMissesTightSloTest should fail its assertion, but: failures=${failed.@failures} errors=${failed.@errors}"
def failure = failed.testcase.failure
assert failure.@type.toString() == 'java.lang.AssertionError'
def message = failure.@message.toString()
assert message.startsWith("endpoint 'chat' (concurrency 4) missed 1 of 2 SLOs over 24 requests (24 succeeded):") : message
assert message =~ /MISSED ttft p95 = [0-9.]+ ms, must be <= 0\.001 ms: [0-9.]+ ms over \([0-9]+x the limit\)/ : message
assert message =~ /met    e2e p99 = [0-9.]+ ms, must be <= 60000 ms/ : message

def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 2, Failures: 1, Errors: 0') : 'build.log lacks the test summary'
assert log.contains('MISSED ttft p95') : 'build.log lacks the readable verdict'
return true
