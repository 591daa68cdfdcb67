from installdoctor.verify import normalise
from installdoctor.verify.normalise import Context

CTX = Context(
    root="/tmp/idoc-abc123",
    index_url="http://127.0.0.1:4711/simple",
    interpreter_prefixes=("/home/ci/.pyenv/versions/3.8.18",),
)


def test_scenario_root_reads_as_a_normal_home():
    text = "Requirement already satisfied: x in /tmp/idoc-abc123/home/you/project/.venv/lib\n"
    assert normalise.scenario_root(text, CTX) == "Requirement already satisfied: x in /home/you/project/.venv/lib\n"


def test_scenario_root_other_spelling():
    ctx = Context(root="/private/var/folders/x/idoc-1", extra_roots=("/var/folders/x/idoc-1",))
    assert normalise.scenario_root("/var/folders/x/idoc-1/home/you\n", ctx) == "/home/you\n"


def test_interpreter_prefixes_read_as_usr_local():
    text = "home = /home/ci/.pyenv/versions/3.8.18/bin\n"
    assert normalise.interpreter_prefixes(text, CTX) == "home = /usr/local/bin\n"


def test_local_index_reads_as_pypi():
    text = (
        "Looking in indexes: http://127.0.0.1:4711/simple\n"
        "  Downloading http://127.0.0.1:4711/packages/tensorflow-2.13.1-py3-none-any.whl (1.2 kB)\n"
        "WARNING: Retrying http://127.0.0.1:4711/simple/tensorflow/\n"
    )
    assert normalise.local_index(text, CTX) == (
        "  Downloading tensorflow-2.13.1-py3-none-any.whl (1.2 kB)\n"
        "WARNING: Retrying https://pypi.org/simple/tensorflow/\n"
    )


def test_the_local_indexs_lagging_view_reads_as_a_mirror():
    text = (
        "Looking in indexes: http://127.0.0.1:4711/mirror/simple\n"
        "  Downloading http://127.0.0.1:4711/mirror/packages/tensorflow-2.20.0-py3-none-any.whl (1.2 kB)\n"
    )
    assert normalise.normalise(text, CTX) == (
        "Looking in indexes: https://mirror.example.org/pypi/simple\n"
        "  Downloading https://mirror.example.org/pypi/packages/tensorflow-2.20.0-py3-none-any.whl (…)\n"
    )


def test_local_index_leaves_other_text_alone_without_an_index():
    text = "Looking in indexes: https://example.org/simple\n"
    assert normalise.local_index(text, Context(root="/x")) == text


def test_pip_version_notice_is_dropped():
    text = "ok\n[notice] A new release of pip is available: 23.0.1 -> 25.3\n[notice] To update, run: pip install -U pip\n"
    assert normalise.pip_version_notice(text, CTX) == "ok\n"


def test_download_sizes():
    assert normalise.download_sizes("x.whl (475.3 MB)\ny (12 kB)\n", CTX) == "x.whl (…)\ny (…)\n"


def test_timings_need_a_decimal_duration():
    assert normalise.timings("done in 1.23s, took 0.4 seconds\n", CTX) == "done in <time>, took <time>\n"
    assert normalise.timings("Python 3.8 and 2 s\n", CTX) == "Python 3.8 and 2 s\n"


def test_uvs_timings_in_whole_milliseconds_and_in_minutes():
    text = "Resolved 3 packages in 12ms\nChecked 1 package in 0.03ms\nPrepared 2 packages in 1.20s\nfailed in 1m 02s\n"
    assert normalise.timings(text, CTX) == ("Resolved 3 packages in <time>\nChecked 1 package in <time>\n"
                                           "Prepared 2 packages in <time>\nfailed in <time>\n")
    assert normalise.timings("example-lib v1.0 (latest: v2.0), 3 msgs, 12 m\n", CTX) == \
        "example-lib v1.0 (latest: v2.0), 3 msgs, 12 m\n"


def test_a_docker_image_id_alone_on_a_line_is_stable():
    image = "sha256:" + "3f" * 32
    assert normalise.image_ids(f"{image}\n1.0\n", CTX) == "sha256:…\n1.0\n"
    hashed = f"example_lib-1.0.whl --hash={image}\n"  # a hash inside a line (a requirement's) stays
    assert normalise.image_ids(hashed, CTX) == hashed


def test_trailing_whitespace_and_final_newline():
    assert normalise.trailing_whitespace("a  \nb\t", CTX) == "a\nb\n"
    assert normalise.trailing_whitespace("", CTX) == ""


def test_normalise_applies_every_rule_in_order():
    raw = "Looking in indexes: http://127.0.0.1:4711/simple\r\nin /tmp/idoc-abc123/home/you (3.2 kB)  \r\n"
    assert normalise.normalise(raw, CTX) == "in /home/you (…)\n"


def test_pip_version_notice_goes_with_the_blank_line_before_it():
    text = "2.13.1\n\n[notice] A new release of pip is available: 23.0.1 -> 25.0.1\n[notice] To update, run: pip install -U pip\n"
    assert normalise.pip_version_notice(text, CTX) == "2.13.1\n"


def test_errors_in_a_sourced_step_read_as_in_a_terminal():
    text = "/idoc/steps/01-example.sh: line 2: .venvScriptsactivate: command not found\n"
    assert normalise.step_script_errors(text, CTX) == "bash: .venvScriptsactivate: command not found\n"


def test_pip_root_user_warning_is_the_verifiers_not_the_readers():
    text = "Successfully installed x-1\nWARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv\n"
    assert normalise.root_user_warning(text, CTX) == "Successfully installed x-1\n"


def test_pip_temporary_folders_and_wheel_cache_hashes_are_stable():
    text = "  Stored in directory: /tmp/pip-ephem-wheel-cache-ezrjgxah/wheels/e2/fa/0f/a7601aaec9965c427e4d7307423f1427d525bd57fa8621ac0d\n"
    assert normalise.pip_temporary_paths(text, CTX) == "  Stored in directory: /tmp/pip-ephem-wheel-cache-…/wheels/…\n"


def test_the_folder_pip_unpacks_an_sdist_into_is_stable():
    text = '  File "/tmp/pip-install-4t5b8ihr/tensorflow-gpu_bdfbe0c7e0c1497fab6ccd702c572350/_build/backend.py"\n'
    assert normalise.pip_temporary_paths(text, CTX) == '  File "/tmp/pip-install-…/tensorflow-gpu_…/_build/backend.py"\n'


def test_guide_names_that_start_with_pip_are_not_temporary_folders():
    text = "  Guide: https://install-doctor.github.io/install-doctor/guides/pip-python-mismatch\n"
    assert normalise.pip_temporary_paths(text, CTX) == text


def test_windows_root_reads_as_the_c_drive_whatever_its_case_or_spelling():
    ctx = Context(root=r"C:\Users\runneradmin\AppData\Local\Temp\idoc-ab12", extra_roots=(r"C:\Users\RUNNER~1\AppData\Local\Temp\idoc-ab12",),
                  windows=True)
    text = (r"c:\users\runneradmin\appdata\local\temp\idoc-ab12\Users\you\project\.venv" "\n"
            r"C:\Users\RUNNER~1\AppData\Local\Temp\idoc-ab12/Users/you" "\n")
    assert normalise.normalise(text, ctx) == "c:\\Users\\you\\project\\.venv\nC:/Users/you\n"


def test_windows_interpreter_prefix_reads_as_a_python_org_install():
    ctx = Context(root=r"C:\t\idoc-1", interpreter_prefixes=(r"C:\hostedtoolcache\windows\Python\3.12.1\x64",), windows=True)
    text = r"pip 24.0 from C:\hostedtoolcache\windows\Python\3.12.1\x64\Lib\site-packages\pip (python 3.12)" "\n"
    assert normalise.normalise(text, ctx) == "pip 24.0 from C:\\Python312\\Lib\\site-packages\\pip (python 3.12)\n"


def test_windows_paths_pip_lower_cases_stay_lower_case():
    ctx = Context(root=r"C:\Temp\idoc-1", interpreter_prefixes=(r"C:\hostedtoolcache\windows\Python\3.8.10\x64",), windows=True)
    text = (r"Requirement already satisfied: tensorflow in c:\temp\idoc-1\users\you\project\.venv\lib\site-packages (2.13.1)" "\n"
            r"pip 23.0.1 from c:\hostedtoolcache\windows\python\3.8.10\x64\lib\site-packages\pip (python 3.8)" "\n")
    assert normalise.normalise(text, ctx) == (
        r"Requirement already satisfied: tensorflow in c:\users\you\project\.venv\lib\site-packages (2.13.1)" "\n"
        r"pip 23.0.1 from c:\python38\lib\site-packages\pip (python 3.8)" "\n")


def test_the_install_progress_bar_leaves_no_empty_line():
    text = "Installing collected packages: a, b\n  Attempting uninstall: b\n\nSuccessfully installed a-1 b-2\n"
    assert normalise.install_progress_bar(text, CTX) == (
        "Installing collected packages: a, b\n  Attempting uninstall: b\nSuccessfully installed a-1 b-2\n")
    assert normalise.install_progress_bar("done\n\nnext\n", CTX) == "done\n\nnext\n"
