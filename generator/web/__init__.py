"""The clerk's web page (`taskdoc serve`): a local server that shows the check, runs a build, the
quarter's forms and their collection, and issues versions, in Simplified Chinese, offline (every
asset ships in the package).

`app` (the Flask application: 工作台, 生成, downloads), `quarter` (季度报送), `versions` (版本),
`preview` (a document's pages as pictures, where LibreOffice is installed), `guard` (the secret
token, the Host header check, the password for an office network), `jobs` (runs in a background
thread, their progress counted from the `progress` messages), `server` (waitress, in this thread
or another). Holds no document logic: every page calls the same
`generator.api` functions as the command line, and reads the reports of `generator.cli.console`.

May import `generator.api`, `generator.errors`, `generator.model`, `generator.workspace`,
`generator.text`, `generator.cli.console` (the plain-text reports) and the limits of
`generator.reporting.returns`. The only place Flask, Werkzeug, waitress and pypdfium2 are imported.
"""
