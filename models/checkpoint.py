"""Trained weights and the facts of their training in one .npz, readable by any PyTorch version:
a GPU machine's newer PyTorch trains, and Debian's exports the ONNX the stack ships."""
import json

import numpy as np
import torch


def save_checkpoint(path, state_dict, facts):
    arrays = {name: tensor.detach().cpu().numpy() for name, tensor in state_dict.items()}
    np.savez(path, __facts__=np.array(json.dumps(facts)), **arrays)


def load_checkpoint(path):
    """(state_dict, facts) as save_checkpoint wrote them."""
    with np.load(path) as data:
        facts = json.loads(str(data['__facts__']))
        state_dict = {name: torch.from_numpy(data[name]) for name in data.files if name != '__facts__'}
    return state_dict, facts
