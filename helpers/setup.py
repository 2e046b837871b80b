"""The notebooks' environment check: where we run, what is missing, which device we get.

Every notebook's setup cell makes ``helpers`` importable and then calls
:func:`check_environment`. It installs only packages that are missing and never touches torch:
Colab and Kaggle ship a CUDA build that a reinstall would replace with a slower download.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import platform
import subprocess
import sys

# import name -> pip name; torch and torchvision are deliberately absent (never reinstalled).
OPTIONAL_PACKAGES = {
    "numpy": "numpy",
    "PIL": "pillow",
    "cv2": "opencv-python-headless",
    "matplotlib": "matplotlib",
    "ipywidgets": "ipywidgets",
    "tqdm": "tqdm",
    "imageio": "imageio",
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


def install(packages: list[str]) -> None:
    if packages:
        print("installing missing packages:", " ".join(packages))
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *packages], check=True)
        importlib.invalidate_caches()


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

    from .runtime import pick_device

    device = pick_device()
    info = {
        "platform": where,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "device": str(device),
        "gpu": torch.cuda.get_device_name(0) if device.type == "cuda" else None,
        "smoke": is_smoke(),
    }
    if verbose:
        print(f"platform: {where} | python {info['python']} | torch {info['torch']}")
        if info["gpu"]:
            print(f"device: cuda ({info['gpu']})")
        else:
            print(f"device: {device} (no CUDA GPU). {GPU_HOWTO[where]}")
        if info["smoke"]:
            print("smoke mode (T2V_SMOKE=1): toy sizes, same code path")
    return info
