#!/usr/bin/env python3
"""Drives headless Chromium (Debian's package) through Kopi's dashboard over the DevTools
protocol: sign in by magic link, connect the fake Lark, add a flow, open an approval's audit
page and the report, at laptop and phone widths; then import the written policy and review the
rules proposed from it in English, switch the dashboard to Chinese and do the same there. Screenshots go to KOPI_SCREENSHOTS (never the
repository). Exits non-zero with a message at the first step that fails.

Environment: KOPI_BASE_URL, KOPI_OUTBOX (a file the test's mailer appends links to),
KOPI_SCREENSHOTS, KOPI_CHROMIUM (default: chromium).
"""
import base64, json, os, shutil, subprocess, sys, tempfile, time, urllib.request

import websocket  # websocket-client, installed by scripts/test

BASE = os.environ["KOPI_BASE_URL"].rstrip("/")
OUTBOX = os.environ["KOPI_OUTBOX"]
SHOTS = os.environ["KOPI_SCREENSHOTS"]
CHROMIUM = os.environ.get("KOPI_CHROMIUM", "chromium")


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="kopi-chromium-")
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.05)
        port = open(port_file).read().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self.next_id = 0
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails'].get('text')}: {expression[:80]}")
        return result["result"].get("value")

    def goto(self, path):
        self.send("Page.navigate", url=BASE + path if path.startswith("/") else path)
        self.wait_loaded()

    def wait_loaded(self):
        for _ in range(200):
            time.sleep(0.05)
            if self.evaluate("document.readyState") == "complete":
                return
        raise RuntimeError("page did not load")

    def submit(self, selector, fields=None):
        """Fills the form's fields by name and submits it like a person pressing its button."""
        script = "(() => { const form = document.querySelector(%s); if (!form) return 'no form';" % json.dumps(selector)
        for name, value in (fields or {}).items():
            script += "form.elements[%s].value = %s;" % (json.dumps(name), json.dumps(value))
        script += "const before = location.href; form.requestSubmit(); return 'ok'; })()"
        if self.evaluate(script) != "ok":
            raise RuntimeError(f"no form {selector} on {self.url()}")
        time.sleep(0.3)
        self.wait_loaded()

    def click(self, selector):
        """Presses a button like a person: its name and value go with the form."""
        if self.evaluate("(() => { const b = document.querySelector(%s); if (!b) return 'none'; b.click(); return 'ok'; })()" % json.dumps(selector)) != "ok":
            raise RuntimeError(f"no button {selector} on {self.url()}")
        time.sleep(0.3)
        self.wait_loaded()

    def url(self):
        return self.evaluate("location.href")

    def text(self):
        return self.evaluate("document.body.innerText")

    def html(self):
        return self.evaluate("document.documentElement.outerHTML")

    def expect(self, condition, message):
        if not condition:
            self.screenshot("failure")
            raise AssertionError(f"{message} (at {self.url()})")

    def screenshot(self, name, width=1280, height=900, mobile=False):
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path = os.path.join(SHOTS, f"{name}.png")
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))
        self.send("Emulation.clearDeviceMetricsOverride")
        print(f"screenshot {path}")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)


def latest_link(email, after=0):
    for _ in range(100):
        if os.path.exists(OUTBOX):
            lines = [l for l in open(OUTBOX).read().splitlines() if l.startswith(email + " ")]
            if len(lines) > after:
                return lines[-1].split(" ", 1)[1]
        time.sleep(0.1)
    raise AssertionError(f"no sign-in link was mailed to {email}")


def main():
    os.makedirs(SHOTS, exist_ok=True)
    browser = Browser()
    try:
        email = "browser@acme.example"
        browser.goto("/approvals")
        browser.expect(browser.url().endswith("/sign-in"), "an anonymous visitor is sent to sign in")
        browser.screenshot("1-sign-in")
        browser.submit("form[action='/sign-in']", {"email": email})
        browser.expect("a link is on its way" in browser.text(), "asking for a link confirms it was sent")

        link = latest_link(email)
        browser.goto(link)
        browser.expect("#" not in browser.url(), "the confirm page removes the token from the address bar")
        browser.expect(browser.evaluate("document.getElementById('token').value.length") >= 43, "the confirm page read the token")
        browser.submit("#confirm")
        browser.expect(browser.url().endswith("/approvals"), "confirming signs in and opens the approvals")
        browser.expect(email in browser.text(), "the signed-in user is shown")
        cookie_visible = browser.evaluate("document.cookie")
        browser.expect("kopi_session" not in cookie_visible, "the session cookie is HttpOnly")

        browser.goto("/settings")
        browser.submit("form[action='/settings/lark']", {
            "appId": "cli_a6cf4d56fe78d013", "appSecret": "secret-onboard-canary", "encryptKey": "encrypt-onboard-canary",
            "verificationToken": "token-onboard-canary"})
        browser.expect("Lark is connected" in browser.text(), "connecting Lark succeeds")
        browser.expect("secret-onboard-canary" not in browser.html(), "the App Secret is never shown again")
        browser.expect("/lark/" in browser.text() and "/card" in browser.text(), "the webhook URLs are shown")
        browser.screenshot("2-settings-connected")

        browser.submit("form[action='/settings/flows']", {"approvalCode": "7C468A54-8745-2245-9675-08B7C63E7A85"})
        browser.expect("/settings/flows/" in browser.url(), "adding a flow opens its mapping")
        browser.expect(browser.evaluate("document.querySelector(\"select[name='amount']\").value") == "c-amount", "the amount field is proposed")
        browser.screenshot("3-flow-mapping")

        for _ in range(150):
            browser.goto("/approvals")
            if "/approvals/" in browser.html():
                break
            time.sleep(0.2)
        browser.expect("verdict" in browser.html() and "/approvals/" in browser.html(), "the pushed claim appears in the list")
        browser.screenshot("4-approvals")
        browser.screenshot("4-approvals-phone", width=390, height=844, mobile=True)
        href = browser.evaluate("document.querySelector(\"a[href^='/approvals/']\").getAttribute('href')")
        browser.goto(href)
        text = browser.text()
        browser.expect("Findings" in text and "Timeline" in text and "Received from Lark" in text, "the audit page shows findings and timeline")
        browser.screenshot("5-audit")

        browser.goto("/report")
        browser.expect(browser.evaluate("document.querySelectorAll('svg.chart').length") >= 2, "the report draws its charts")
        browser.screenshot("6-report")
        browser.screenshot("6-report-phone", width=390, height=844, mobile=True)

        # Mirror in English: import the written policy, see the invented quotation refused, accept a rule.
        browser.goto("/settings")
        browser.expect(browser.evaluate("document.querySelector(\"a[href='/policy']\") !== null"), "settings link to the policy import")
        browser.goto("/policy")
        browser.expect("Written policy" in browser.text(), "the policy page is in English")
        browser.submit("form[action='/policy/import']", {
            "name": "Acme Travel Policy 2026",
            "text": "Acme Travel Policy 2026\nTaxis are reimbursed up to SGD 30.00 per trip.\nClaims must be submitted within 30 days."})
        text = browser.text()
        browser.expect("Policy imported" in text and "to review" in text, "the proposals are listed for review")
        browser.expect("refused by Kopi" in text and "not in the document word for word" in text, "the invented quotation is refused")
        browser.expect("Taxis are reimbursed up to SGD 30.00 per trip." in text, "each proposal shows its sentence")
        browser.click(".proposal.proposed form[action$='/accept'] button")
        browser.expect("Rule accepted" in browser.text() and "accepted: in the policy" in browser.text(), "accepting a rule")
        browser.screenshot("7-policy-en")

        # The same in Chinese, chosen in the footer and remembered.
        browser.click("form[action='/language'] button[name='language']")
        browser.expect(browser.evaluate("document.documentElement.lang") == "zh-CN", "the dashboard switched to Chinese")
        browser.expect("书面制度" in browser.text(), "the policy page is in Chinese")
        browser.submit("form[action='/policy/import']", {
            "name": "差旅报销制度 2026",
            "text": "差旅报销制度 2026\n赌场消费一律不予报销。\n周末费用需要在备注中说明。"})
        text = browser.text()
        browser.expect("制度已导入" in text and "待审核" in text, "the Chinese proposals are listed for review")
        browser.expect("已被 Kopi 拒绝" in text and "没有逐字出现在文档中" in text, "the invented Chinese quotation is refused")
        browser.click(".proposal.proposed form[action$='/accept'] button")
        browser.expect("规则已接受" in browser.text(), "accepting a rule in Chinese")
        browser.goto("/approvals")
        browser.expect("审批" in browser.text() and "Approvals" not in browser.text(), "the choice is remembered on other pages")
        browser.goto("/policy")
        browser.screenshot("8-policy-zh")
        print("walkthrough passed")
    finally:
        browser.close()


if __name__ == "__main__":
    try:
        main()
    except Exception as error:
        print(f"walkthrough failed: {error}", file=sys.stderr)
        sys.exit(1)
