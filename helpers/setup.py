"""The notebooks' setup: find or fetch the course, keep it current, check the environment.

Every notebook's first code cell (the same in all of them) finds the course's code — a folder
above the notebook that holds ``helpers/``, an importable (installed) ``helpers``, or else a
clone in the home folder, cloned afresh when it is missing or broken — and then calls
:func:`prepare`, which does everything that can live in a module: update a stale clone
(``git pull --ff-only``, a warning when that is impossible), make ``!python -m helpers …``
shell commands see the code, install only the packages that are missing (a failure is a
warning, and torch is never touched: Colab and Kaggle ship a CUDA build that a reinstall would
replace with a slower download), choose a thread count, and report versions and the device.

The repository's address is :data:`REPO_URL`. The setup cell carries the same string as its
fallback, because it must clone before this module exists; ``tests/test_setup.py`` fails when
any notebook's copy differs from :data:`REPO_URL`, so change both together. The Open-in-Colab
and Kaggle links (:func:`colab_url`, :func:`kaggle_url`) are built from :data:`REPO_URL` too.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import platform
import subprocess
import sys
from pathlib import Path

REPO_URL = "https://github.com/t2v-gan-course/text-to-video-gan-from-scratch"
REPO_BRANCH = "main"  # the branch the Colab and Kaggle links open
CLONE_DIR = "text-to-video-gan-from-scratch"  # the setup cell clones into ~/CLONE_DIR
URL_ENV = "T2V_REPO_URL"

# import name -> pip name; torch and torchvision are deliberately absent (never reinstalled).
OPTIONAL_PACKAGES = {
    "numpy": "numpy",
    "PIL": "pillow",
    "cv2": "opencv-python-headless",
    "matplotlib": "matplotlib",
    "ipywidgets": "ipywidgets",
    "tqdm": "tqdm",
    "imageio_ffmpeg": "imageio-ffmpeg",
}

GPU_HOWTO = {
    "colab": "Colab: menu Runtime → Change runtime type → Hardware accelerator: T4 GPU → Save, "
             "then run the notebook again from the top.",
    "kaggle": "Kaggle: in the notebook editor's right-hand panel, Settings → Accelerator → "
              "GPU T4 x2 (needs a phone-verified account), then run again from the top.",
    "local": "Locally: install a CUDA build of PyTorch on a machine with an NVIDIA GPU; "
             "everything also runs on the CPU, only slower.",
}


def platform_name() -> str:
    """'colab', 'kaggle' or 'local'."""
    if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
        return "colab"
    if "KAGGLE_KERNEL_RUN_TYPE" in os.environ or os.path.isdir("/kaggle/working"):
        return "kaggle"
    return "local"


def missing_packages() -> list[str]:
    """pip names of optional packages that cannot be imported here."""
    return [pip for module, pip in OPTIONAL_PACKAGES.items() if importlib.util.find_spec(module) is None]


def install(packages: list[str]) -> bool:
    """pip-install ``packages``; a failure (no network, index down) is a warning, not an error:
    only the notebooks that import a missing package need it, and they say so when they do."""
    if not packages:
        return True
    print("installing missing packages:", " ".join(packages))
    command = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", *packages]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        failed = done.returncode != 0
        reason = " ".join((done.stderr or done.stdout or "").split())[-300:]
    except (OSError, subprocess.TimeoutExpired) as error:
        failed, reason = True, str(error)
    importlib.invalidate_caches()
    if failed:
        print(f"warning: could not install {' '.join(packages)} ({reason or 'pip failed'}); the course "
              "goes on without them, and a cell that needs one will say so. To retry later: "
              f"!pip install {' '.join(packages)}")
    return not failed


def _git(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    # No credential prompt: a missing repository on GitHub asks for a login, which would hang a notebook.
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=timeout,
                          env=env)


def is_managed_clone(root: str | os.PathLike) -> bool:
    """True for the clone the setup cell makes (``~/CLONE_DIR``): the only copy it may update.
    A learner's or developer's own checkout is never pulled behind their back."""
    try:
        return Path(root).resolve() == (Path.home() / CLONE_DIR).resolve()
    except OSError:
        return False


def update_clone(root: str | os.PathLike, verbose: bool = True) -> str:
    """Bring the setup cell's clone up to date with ``git pull --ff-only``.

    Returns ``"updated"``, ``"current"`` or ``"stale"`` (the pull failed: offline, local edits,
    rewritten history), with a one-paragraph warning in the last case. After an update the
    already imported ``helpers`` modules are dropped, so the next import reads the new code."""
    root = Path(root)
    wanted = os.environ.get(URL_ENV) or REPO_URL
    try:
        origin = _git(root, "remote", "get-url", "origin").stdout.strip()
        if verbose and origin and origin.rstrip("/") != wanted.rstrip("/"):
            # Setting T2V_REPO_URL after the first clone changes nothing by itself: say so.
            print(f"note: the course's code in {root} comes from {origin}, not {wanted}; to switch, delete "
                  f"that folder (!rm -rf {root}) and run this cell again.")
        before = _git(root, "rev-parse", "HEAD").stdout.strip()
        pulled = _git(root, "pull", "--ff-only", "-q")
        after = _git(root, "rev-parse", "HEAD").stdout.strip()
        failed, reason = pulled.returncode != 0, " ".join(pulled.stderr.split())[-300:]
    except (OSError, subprocess.TimeoutExpired) as error:
        before = after = ""
        failed, reason = True, str(error)
    if failed:
        if verbose:
            print(f"warning: could not update the course's code in {root} ({reason or 'git pull failed'}); "
                  "running the copy that is there, which may be older than the notebook. To start "
                  f"afresh, delete that folder (!rm -rf {root}) and run this cell again.")
        return "stale"
    if before == after:
        return "current"
    # Forget every loaded module of the course, this one included, so that the next import (the
    # environment check below, the notebook's own imports) runs the updated code; this function
    # keeps running from the old module object, which is fine for its last lines.
    for name in [n for n in sys.modules if n == "helpers" or n.startswith("helpers.")]:
        del sys.modules[name]
    if verbose:
        print(f"updated the course's code in {root} ({before[:7]} → {after[:7]})")
    return "updated"


def expose_to_shell(root: str | os.PathLike) -> None:
    """Put ``root`` on this kernel's ``sys.path`` and on ``PYTHONPATH``, which the processes a
    notebook starts (``!python -m helpers demo``, ``subprocess``, ``torchrun``) inherit; the
    kernel's ``sys.path`` alone reaches no child process."""
    root = str(Path(root).resolve())
    if root not in sys.path:
        sys.path.insert(0, root)
    parts = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if root not in parts:
        os.environ["PYTHONPATH"] = os.pathsep.join([root, *parts])


def prepare(root: str | os.PathLike | None = None, install_missing: bool = True, update: bool = True,
            verbose: bool = True) -> dict:
    """What the setup cell does once ``helpers`` is importable: update the cell's own clone,
    expose the code to shell commands, then :func:`check_environment`. ``root`` is the course
    folder (default: the one this module lives in)."""
    from .runtime import REPO_ROOT

    root = Path(root) if root is not None else REPO_ROOT
    status = update_clone(root, verbose) if update and is_managed_clone(root) else "not managed"
    expose_to_shell(root)
    check = importlib.import_module("helpers.setup").check_environment  # the updated code, if any
    info = check(install_missing=install_missing, verbose=verbose)
    info.update(root=str(root), clone=status)
    return info


def _github_path(url: str = REPO_URL) -> str:
    """``owner/name`` of a GitHub address."""
    path = url.split("github.com/", 1)[-1].strip("/")
    return path[:-4] if path.endswith(".git") else path


def colab_url(notebook: str, url: str = REPO_URL) -> str:
    """The Open-in-Colab address of ``notebooks/<notebook>`` (e.g. ``05_training_loop.ipynb``)."""
    return f"https://colab.research.google.com/github/{_github_path(url)}/blob/{REPO_BRANCH}/notebooks/{notebook}"


def kaggle_url(notebook: str, url: str = REPO_URL) -> str:
    """The Open-in-Kaggle address of ``notebooks/<notebook>``."""
    return (f"https://kaggle.com/kernels/welcome?src=https://github.com/{_github_path(url)}/blob/{REPO_BRANCH}"
            f"/notebooks/{notebook}")


def open_links(notebook: str) -> str:
    """The markdown line with both links, as the README table and each notebook's top show it."""
    return f"[Open in Colab]({colab_url(notebook)}) · [Open in Kaggle]({kaggle_url(notebook)})"


def check_environment(install_missing: bool = True, verbose: bool = True) -> dict:
    """Install what is missing (never torch), then report versions, device and smoke mode."""
    from .runtime import is_smoke

    where = platform_name()
    missing = missing_packages()
    if missing and install_missing:
        install(missing)
    if importlib.util.find_spec("torch") is None:
        raise RuntimeError("PyTorch is not installed. Colab and Kaggle have it already; locally run "
                           "`pip install -r requirements.txt` (see README.md) and restart the kernel.")
    import torch

    from .runtime import pick_device, use_threads

    device = pick_device()
    threads = use_threads()  # OMP_NUM_THREADS, else one per physical core: never oversubscribed
    info = {
        "platform": where,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "device": str(device),
        "gpu": torch.cuda.get_device_name(0) if device.type == "cuda" else None,
        "smoke": is_smoke(),
        "threads": threads,
    }
    if verbose:
        print(f"platform: {where} | python {info['python']} | torch {info['torch']} | {threads} CPU threads")
        if info["gpu"]:
            print(f"device: cuda ({info['gpu']})")
        else:
            print(f"device: {device} (no CUDA GPU). {GPU_HOWTO[where]}")
        if info["smoke"]:
            print("smoke mode (T2V_SMOKE=1): toy sizes, same code path")
    return info
