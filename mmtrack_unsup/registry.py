"""The ``mmtrack_unsup`` registry scope.

Our modules register into mmdet's registries, and our configs run with
``default_scope = 'mmdet'``. A config inherited from another project with
``_base_ = 'mmtrack_unsup::...'`` is different: mmengine marks every
component of it with ``_scope_ = 'mmtrack_unsup'``, imports
``mmtrack_unsup.registry`` and looks for registries of that scope. The
children below are those registries; they hold nothing themselves, so every
lookup falls through to mmdet's registries (where our modules are) and then
to mmengine's. Lookups in a parent do not trigger the parent's lazy
imports, so mmdet's modules are all registered here first.
"""
from mmdet import registry as _mmdet
from mmdet.utils import register_all_modules
from mmengine.registry import Registry

register_all_modules(init_default_scope=False)

SCOPE = 'mmtrack_unsup'


def _child(parent: Registry) -> Registry:
    # importing the package registers everything (into mmdet's registries)
    return Registry(parent.name, parent=parent, scope=SCOPE,
                    locations=['mmtrack_unsup'])


RUNNERS = _child(_mmdet.RUNNERS)
RUNNER_CONSTRUCTORS = _child(_mmdet.RUNNER_CONSTRUCTORS)
LOOPS = _child(_mmdet.LOOPS)
HOOKS = _child(_mmdet.HOOKS)
DATASETS = _child(_mmdet.DATASETS)
DATA_SAMPLERS = _child(_mmdet.DATA_SAMPLERS)
TRANSFORMS = _child(_mmdet.TRANSFORMS)
MODELS = _child(_mmdet.MODELS)
MODEL_WRAPPERS = _child(_mmdet.MODEL_WRAPPERS)
WEIGHT_INITIALIZERS = _child(_mmdet.WEIGHT_INITIALIZERS)
OPTIMIZERS = _child(_mmdet.OPTIMIZERS)
OPTIM_WRAPPERS = _child(_mmdet.OPTIM_WRAPPERS)
OPTIM_WRAPPER_CONSTRUCTORS = _child(_mmdet.OPTIM_WRAPPER_CONSTRUCTORS)
PARAM_SCHEDULERS = _child(_mmdet.PARAM_SCHEDULERS)
METRICS = _child(_mmdet.METRICS)
EVALUATOR = _child(_mmdet.EVALUATOR)
TASK_UTILS = _child(_mmdet.TASK_UTILS)
VISUALIZERS = _child(_mmdet.VISUALIZERS)
VISBACKENDS = _child(_mmdet.VISBACKENDS)
LOG_PROCESSORS = _child(_mmdet.LOG_PROCESSORS)
